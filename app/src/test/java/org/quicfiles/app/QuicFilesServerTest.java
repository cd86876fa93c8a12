package org.quicfiles.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.spi.Router;

class QuicFilesServerTest {
    @TempDir
    static Path build;

    @TempDir
    Path dir;

    static TestPlugins plugins;

    @BeforeAll
    static void compilePlugins() throws IOException {
        plugins = TestPlugins.compile(build);
    }

    private final FakeProviders.RecordingTransport transport = new FakeProviders.RecordingTransport();
    private final FakeProviders.EmptyStorage storage = new FakeProviders.EmptyStorage();
    private final List<String> report = new ArrayList<>();

    private QuicFilesServer.Builder builder(Path pluginsFolder) {
        return QuicFilesServer.builder().data(dir.resolve("data")).pluginsDirectory(pluginsFolder)
                .transportProvider(transport).storageProvider(storage).reporter(report::add)
                .config(Map.of("greet.who", "tester"));
    }

    @Test
    void startsPluginsRoutesTheirNamesAndClosesEverythingInOrder() throws Exception {
        Path folder = plugins.folder(dir.resolve("plugins"), "failing", "liar", "broken");

        QuicFilesServer server = builder(folder).start();

        assertEquals(List.of("greet", "withlib"), server.plugins());
        Router router = transport.context.get().router();
        assertEquals("hi tester", new String(router.requestEndpoint("greet").orElseThrow().handle(new byte[0]),
                StandardCharsets.UTF_8));
        assertEquals("LOUD", new String(router.requestEndpoint("shout").orElseThrow().handle("loud".getBytes()),
                StandardCharsets.UTF_8));
        assertTrue(router.streamCommand("ECHO").isPresent());
        assertTrue(router.requestEndpoint("failing").isEmpty());
        assertTrue(router.requestEndpoint("promised").isEmpty() && router.requestEndpoint("other").isEmpty());
        assertTrue(report.stream().anyMatch(line -> line.startsWith("skipped plugin failing.jar:")
                && line.contains("no database for me")), report.toString());
        assertTrue(report.stream().anyMatch(line -> line.startsWith("skipped plugin liar.jar:")), report.toString());
        assertTrue(report.stream().anyMatch(line -> line.startsWith("skipped plugin broken.jar:")), report.toString());
        assertTrue(server.readyLine().matches("quicfiles ready on 127\\.0\\.0\\.1:4433 \\(fake/test, storage empty\\)"
                + " key [0-9a-f]{64}"), server.readyLine());
        assertTrue(Files.exists(dir.resolve("data/key")) && Files.exists(dir.resolve("data/quicfiles.db")));

        server.close();

        assertTrue(transport.closed && storage.closed);
        assertEquals("closed", Files.readString(dir.resolve("data/greet/closed")));
    }

    @Test
    void keepsItsIdentityAcrossRestarts() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("none"));
        String first;
        try (QuicFilesServer server = builder(folder).start()) {
            first = server.publicKeyHex();
        }
        try (QuicFilesServer server = builder(folder).start()) {
            assertEquals(first, server.publicKeyHex());
        }
    }

    @Test
    void refusesToStartWhenTwoPluginsClaimOneName() throws Exception {
        Path folder = plugins.folder(dir.resolve("plugins"), "clash");

        StartupException refused = assertThrows(StartupException.class, () -> builder(folder).start());

        assertTrue(refused.getMessage().contains("greet-1.0.jar") && refused.getMessage().contains("clash.jar"),
                refused.getMessage());
        assertTrue(storage.closed, "what was opened is closed again");
        assertTrue(transport.context.get() == null);
    }

    @Test
    void offersPluginsAWalSqliteDatabase() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("none"));
        try (QuicFilesServer server = builder(folder).start()) {
            assertFalse(server.address().isUnresolved());
        }
        try (Connection connection = java.sql.DriverManager.getConnection(
                "jdbc:sqlite:" + dir.resolve("data/quicfiles.db")); Statement statement = connection.createStatement();
             ResultSet mode = statement.executeQuery("PRAGMA journal_mode")) {
            mode.next();
            assertEquals("wal", mode.getString(1));
        }
    }

    @Test
    void aMissingPluginsFolderIsOneClearLine() {
        StartupException refused = assertThrows(StartupException.class,
                () -> builder(dir.resolve("nowhere")).start());
        assertEquals("plugins folder " + dir.resolve("nowhere") + " does not exist", refused.getMessage());
    }
}

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
import org.quicfiles.api.endpoint.Request;
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
                .config(Map.of("transport.port", "0"));
    }

    @Test
    void startsPluginsRoutesTheirNamesAndClosesEverythingInOrder() throws Exception {
        Path folder = plugins.folder(dir.resolve("plugins"));

        QuicFilesServer server = builder(folder).config(Map.of("greet.who", "tester")).start();

        assertEquals(List.of("greet", "withlib"), server.plugins());
        Router router = transport.context.get().router();
        assertEquals(Map.of("greeting", "hi tester"), router.requestEndpoint("greet").orElseThrow()
                .handle(Request.of(Request.Form.JSON, Map.of())));
        assertEquals(Map.of("shout", "LOUD"), router.requestEndpoint("shout").orElseThrow()
                .handle(Request.of(Request.Form.JSON, Map.of("text", "loud"))));
        assertTrue(router.streamCommand("ECHO").isPresent());
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
        assertTrue(Files.notExists(dir.resolve("data")), "refused before anything was created");
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

    @Test
    void aPluginWhoseCreateThrowsStopsTheServerInOneLine() throws Exception {
        Path folder = plugins.folder(dir.resolve("plugins"), "failing");

        StartupException refused = assertThrows(StartupException.class, () -> builder(folder).start());

        assertEquals("plugin 'failing' (failing.jar) cannot start: no database for me", refused.getMessage());
        assertTrue(storage.closed, "what was opened is closed again");
        assertTrue(transport.context.get() == null);
    }

    @Test
    void brokenPluginsRefuseTheStartUnlessTheOperatorSkipsThem() throws Exception {
        Path folder = plugins.folder(dir.resolve("plugins"), "broken", "liar");

        StartupException refused = assertThrows(StartupException.class, () -> builder(folder).start());
        assertTrue(refused.getMessage().startsWith("refusing to start with broken plugin broken.jar: "), refused.getMessage());
        assertTrue(refused.getMessage().endsWith("(remove it, or start with --skip-broken-plugins)"), refused.getMessage());
        assertTrue(Files.notExists(dir.resolve("data")), "refused before the data folder was created");

        try (QuicFilesServer server = builder(folder).config(Map.of("server.skip-broken-plugins", "true")).start()) {
            assertEquals(List.of("greet", "withlib"), server.plugins());
            assertTrue(report.stream().anyMatch(line -> line.startsWith("skipped plugin broken.jar:")), report.toString());
            assertTrue(report.stream().anyMatch(line -> line.startsWith("skipped plugin liar.jar:")), report.toString());
        }
        Files.delete(folder.resolve("broken.jar"));
        StartupException liar = assertThrows(StartupException.class, () -> builder(folder).start());
        assertTrue(liar.getMessage().startsWith("refusing to start with broken plugin liar.jar: plugin 'liar' declares"),
                liar.getMessage());
    }

    @Test
    void anUnknownKeyStopsTheServerNamingItsOriginBeforeAnythingIsCreated() throws Exception {
        Path folder = plugins.folder(dir.resolve("plugins"));

        StartupException misspelt = assertThrows(StartupException.class, () -> builder(folder)
                .config(Map.of("greet.woh", "x")).origins(Map.of("greet.woh", "q.conf:7")).start());
        StartupException noOwner = assertThrows(StartupException.class, () -> builder(folder)
                .config(Map.of("files.max-size", "1")).start());

        assertEquals("unknown configuration key greet.woh (q.conf:7); did you mean greet.who?", misspelt.getMessage());
        assertEquals("unknown configuration key files.max-size (configuration): nothing reads section 'files'"
                + " (no plugin of that name is loaded)", noOwner.getMessage());
        assertTrue(Files.notExists(dir.resolve("data")), "refused before the data folder was created");
    }

    @Test
    void aSecondServerOnTheSameDataFolderIsRefusedNamingTheHolder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("none"));
        try (QuicFilesServer first = builder(folder).start()) {
            assertFalse(first.address().isUnresolved());
            StartupException refused = assertThrows(StartupException.class, () -> builder(folder).start());

            assertEquals("data folder " + dir.resolve("data") + " is in use by quicfiles process "
                    + ProcessHandle.current().pid(), refused.getMessage().replaceFirst(" \\(started .*", ""));
            assertTrue(refused.getMessage().endsWith("; stop it or choose another --data folder"), refused.getMessage());
        }
        try (QuicFilesServer again = builder(folder).start()) {
            assertFalse(again.address().isUnresolved(), "the lock is released by close");
        }
    }

    @Test
    void theDataFolderAndTheDatabaseAreTheOwnersOnly() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("none"));
        try (QuicFilesServer server = builder(folder).start()) {
            assertFalse(server.address().isUnresolved());
            assertEquals("rwx------", permissions(dir.resolve("data")));
            assertEquals("rw-------", permissions(dir.resolve("data/quicfiles.db")));
            assertEquals("rwx------", permissions(dir.resolve("data/blobs")));
        }
        Files.setPosixFilePermissions(dir.resolve("data"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

        StartupException refused = assertThrows(StartupException.class, () -> builder(folder).start());

        assertEquals("data folder " + dir.resolve("data") + " is open to other users (rwxr-xr-x); run: chmod 700 "
                + dir.resolve("data"), refused.getMessage());
    }

    @Test
    void aDataFolderThatCannotBeCreatedSaysWhy() throws Exception {
        // procfs refuses mkdir with ENOENT even for root; the JDK's exception then carries only the path
        Path impossible = Path.of("/proc/quicfiles-test-data");
        Path folder = Files.createDirectories(dir.resolve("none"));

        StartupException refused = assertThrows(StartupException.class,
                () -> QuicFilesServer.builder().data(impossible).pluginsDirectory(folder)
                        .transportProvider(transport).storageProvider(storage).reporter(report::add)
                        .config(Map.of("transport.port", "0")).start());

        assertEquals("cannot create data folder " + impossible + ": no such file or folder (" + impossible + ")",
                refused.getMessage());
    }

    @Test
    void aPortInUseIsOneLineNamingTheAddressBeforeAnythingIsCreated() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("none"));
        try (java.nio.channels.DatagramChannel taken = java.nio.channels.DatagramChannel.open()) {
            taken.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
            int port = ((java.net.InetSocketAddress) taken.getLocalAddress()).getPort();

            StartupException refused = assertThrows(StartupException.class, () -> builder(folder)
                    .config(Map.of("transport.address", "127.0.0.1", "transport.port", Integer.toString(port))).start());

            assertTrue(refused.getMessage().startsWith("UDP 127.0.0.1:" + port + " is already in use"), refused.getMessage());
            assertTrue(Files.notExists(dir.resolve("data")), "refused before the data folder was created");
        }
    }

    @Test
    void anAdminListenerOffLoopbackIsRefusedNamingTheKeyBeforeAnythingIsCreated() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("none"));

        StartupException refused = assertThrows(StartupException.class, () -> builder(folder)
                .config(Map.of("server.admin", "0.0.0.0:9464")).start());

        assertTrue(refused.getMessage().startsWith("server.admin (configuration): '0.0.0.0:9464' is not a loopback"
                + " address"), refused.getMessage());
        assertTrue(Files.notExists(dir.resolve("data")), "refused before the data folder was created");
    }

    @Test
    void theAdminListenerSaysNotReadyWhileTheStoreCannotBeWrittenAndClosesWithTheServer() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("none"));
        java.net.InetSocketAddress admin;
        try (QuicFilesServer server = builder(folder).config(Map.of("server.admin", "127.0.0.1:0")).start()) {
            admin = server.adminAddress().orElseThrow();
            assertTrue(report.stream().anyMatch(line -> line.equals("admin listener on http://127.0.0.1:"
                    + admin.getPort() + " (/metrics, /health/live, /health/ready)")), report.toString());

            // the fake store refuses every write, as a full disk would
            assertEquals("503 not ready: the store is not writable: empty store", http(admin, "/health/ready"));
            assertEquals("200 live", http(admin, "/health/live"));
            String metrics = http(admin, "/metrics");
            assertTrue(metrics.startsWith("200 ") && metrics.contains("\njvm_memory_used_bytes{"), metrics);
            assertEquals("0 connections", server.statusCounts(), "no files plugin: connections only");
        }
        assertThrows(IOException.class, () -> http(admin, "/health/live"), "closed with the server");
    }

    @Test
    void withoutAnAdminListenerNoMetersAreKept() throws Exception {
        try (QuicFilesServer server = builder(Files.createDirectories(dir.resolve("none"))).start()) {
            assertTrue(server.adminAddress().isEmpty());
            assertEquals("", server.statusCounts());
            assertTrue(transport.context.get().meters() == org.quicfiles.api.spi.Meters.NONE);
        }
    }

    /** {@code STATUS body} of a GET (body stripped), through the JDK's HTTP client of java.base. */
    private static String http(java.net.InetSocketAddress address, String path) throws IOException {
        java.net.HttpURLConnection connection = (java.net.HttpURLConnection) java.net.URI.create(
                "http://127.0.0.1:" + address.getPort() + path).toURL().openConnection();
        try {
            int status = connection.getResponseCode();
            try (java.io.InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                return status + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            }
        } finally {
            connection.disconnect();
        }
    }

    private static String permissions(Path path) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}

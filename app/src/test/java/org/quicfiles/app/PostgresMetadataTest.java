package org.quicfiles.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.FileInfo;
import org.quicfiles.plugin.support.sql.UrlDataSource;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.testkit.PostgresServer;

/**
 * {@code database.url}: two real servers (QUIC, nio storage on one shared folder, the files plugin)
 * on one database of a real PostgreSQL server, as two front ends of a scaled-out installation.
 */
class PostgresMetadataTest {
    private static final Instant START = Instant.parse("2030-01-01T00:00:00Z");

    @TempDir
    Path dir;

    private Path plugins() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        try (var jars = Files.list(Path.of(System.getProperty("quicfiles.test.plugins")))) {
            Path filesPlugin = jars.filter(jar -> jar.getFileName().toString().startsWith("quicfiles-endpoints-files-"))
                    .findFirst().orElseThrow();
            if (!Files.exists(plugins.resolve(filesPlugin.getFileName()))) {
                Files.copy(filesPlugin, plugins.resolve(filesPlugin.getFileName()));
            }
        }
        return plugins;
    }

    private QuicFilesServer start(String name, UrlDataSource database, EmbeddedServerTest.ManualClock clock)
            throws Exception {
        Map<String, String> config = new HashMap<>(Map.of("transport.address", "127.0.0.1", "transport.port", "0",
                "storage.provider", "nio", "storage.directory", dir.resolve("shared-blobs").toString(),
                "database.url", database.url(), "database.pool-size", "4", "files.delete-period", "200ms"));
        return QuicFilesServer.builder().data(dir.resolve(name)).pluginsDirectory(plugins()).config(config)
                .clock(clock).start();
    }

    private static QuicFilesClient client(QuicFilesServer server) throws IOException {
        return QuicFilesClient.connect(ClientOptions.pinned(server.address(), ServerKey.of(server.publicKey()),
                Duration.ofSeconds(30)));
    }

    @Test
    void twoServersOnOneDatabaseServeEachOthersFilesAndOneRunsTheDeleter() throws Exception {
        UrlDataSource database = PostgresServer.shared().database("app_two_servers");
        EmbeddedServerTest.ManualClock clockA = new EmbeddedServerTest.ManualClock(START);
        EmbeddedServerTest.ManualClock clockB = new EmbeddedServerTest.ManualClock(START);
        QuicFilesServer a = start("a", database, clockA);
        try (QuicFilesServer b = start("b", database, clockB);
             QuicFilesClient toA = client(a); QuicFilesClient toB = client(b)) {
            // the deleter's lock: A took it first, B waits
            awaitTrue(() -> advisoryLocks(database) == 1, "A leads the deleter");

            byte[] content = "front ends ".repeat(30_000).getBytes(StandardCharsets.US_ASCII);
            FileInfo put = toA.put(Channels.newChannel(new ByteArrayInputStream(content)), content.length,
                    OptionalLong.of(3600));
            ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
            assertEquals(put, toB.get(put.id(), Channels.newChannel(downloaded)));
            assertArrayEquals(content, downloaded.toByteArray());

            clockA.advance(Duration.ofMinutes(10));
            clockB.advance(Duration.ofMinutes(10));
            Bt.Dict extended = Bt.decodeDict(toB.request("file_extend",
                    Bt.Dict.builder().put("#", put.id()).put("t", 86_400).build().encode()));
            Bt.Dict seen = Bt.decodeDict(toA.request("file_info", Bt.Dict.builder().put("#", put.id()).build().encode()));
            assertEquals(extended.integer("x"), seen.integer("x"), "A sees B's extend at once");

            // the same content through both at the same moment: one row, one blob
            byte[] same = new byte[200_000];
            new Random(7).nextBytes(same);
            CyclicBarrier together = new CyclicBarrier(2);
            List<Callable<FileInfo>> uploads = List.of(
                    () -> { together.await(); return toA.put(Channels.newChannel(new ByteArrayInputStream(same)),
                            same.length, OptionalLong.of(60)); },
                    () -> { together.await(); return toB.put(Channels.newChannel(new ByteArrayInputStream(same)),
                            same.length, OptionalLong.of(60)); });
            String sameId;
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<FileInfo>> results = pool.invokeAll(uploads);
                sameId = results.get(0).get().id();
                assertEquals(sameId, results.get(1).get().id());
            }
            assertEquals(2, count(database, "SELECT count(*) FROM files"));

            // A stops: B takes the deleter over within its period and deletes by its own clock
            a.close();
            clockB.advance(Duration.ofMinutes(5));
            awaitTrue(() -> count(database, "SELECT count(*) FROM files WHERE id = '" + sameId + "'") == 0
                    && !blobExists(sameId), "B deleted the expired file and its blob");
            assertEquals(1, advisoryLocks(database), "B holds the deleter's lock");
        } finally {
            a.close();
        }
    }

    @Test
    void aBadOrUnreachableDatabaseStopsTheStartInOneLineWithoutThePassword() throws Exception {
        StartupException notPostgres = assertThrows(StartupException.class, () -> QuicFilesServer.builder()
                .data(dir.resolve("x")).config(Map.of("transport.address", "127.0.0.1", "transport.port", "0",
                        "database.url", "jdbc:mysql://db/quicfiles?password=hunter2"))
                .origins(Map.of("database.url", "--database")).start());
        assertEquals("database.url (--database): 'jdbc:mysql://db/quicfiles' is not a PostgreSQL JDBC URL"
                + " (jdbc:postgresql://HOST[:PORT]/DATABASE); leave it unset for the embedded SQLite database",
                notPostgres.getMessage());
        assertFalse(Files.exists(dir.resolve("x")), "nothing is created before the settings are checked");

        StartupException unreachable = assertThrows(StartupException.class, () -> QuicFilesServer.builder()
                .data(dir.resolve("y")).config(Map.of("transport.address", "127.0.0.1", "transport.port", "0",
                        "database.url", "jdbc:postgresql://127.0.0.1:1/quicfiles?password=hunter2"))
                .start());
        assertTrue(unreachable.getMessage().startsWith(
                "database.url (configuration): cannot use PostgreSQL at jdbc:postgresql://127.0.0.1:1/quicfiles: "),
                unreachable.getMessage());
        assertFalse(unreachable.getMessage().contains("hunter2"));
        assertFalse(unreachable.getMessage().contains("\n"));

        StartupException userWithoutUrl = assertThrows(StartupException.class, () -> QuicFilesServer.builder()
                .data(dir.resolve("z")).config(Map.of("transport.address", "127.0.0.1", "transport.port", "0",
                        "database.user", "quicfiles")).start());
        assertTrue(userWithoutUrl.getMessage().startsWith("database.user (configuration) is read only with database.url"),
                userWithoutUrl.getMessage());
    }

    private boolean blobExists(String id) {
        try (var paths = Files.walk(dir.resolve("shared-blobs"))) {
            return paths.anyMatch(path -> path.getFileName().toString().equals(id));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long advisoryLocks(UrlDataSource database) {
        return count(database, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
                + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
    }

    private static long count(UrlDataSource database, String query) {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitTrue(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s: " + what);
            }
            try {
                Thread.sleep(20); // the interval between polls; the deadline bounds the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}

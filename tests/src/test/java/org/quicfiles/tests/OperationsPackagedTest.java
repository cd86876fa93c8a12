package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;

/**
 * The operator's commands on the packaged installation (decision notes 0416, 0417): {@code files
 * list|info|rm|stats} beside a running server, {@code backup} of a running server restored with
 * {@code cp -a} and served byte-exact, and the configuration reload on SIGHUP.
 */
class OperationsPackagedTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path work;

    @Test
    void aBackupOfARunningServerRestoredWithCpServesEveryFileByteExact() throws Exception {
        Path data = work.resolve("data");
        Path backup = work.resolve("backups/monday");
        Map<String, byte[]> stored = new LinkedHashMap<>();
        String key;
        try (PackagedServer server = PackagedServer.start(work, data)) {
            key = server.clientFlags()[3];
            SplittableRandom random = new SplittableRandom(41);
            try (QuicFilesClient client = server.connect()) {
                for (int i = 0; i < 12; i++) {
                    byte[] content = Transfers.content(random, 1 + random.nextInt(400_000));
                    stored.put(Transfers.put(client, content, 3600).id(), content);
                }
            }
            Installation.Result result = Installation.run(work, "backup", "--data", data.toString(), backup.toString());
            assertEquals(0, result.code(), result.err());
            long bytes = stored.values().stream().mapToLong(content -> content.length).sum();
            assertTrue(result.out().startsWith("backup of " + data + " in " + backup + ": database snapshot "),
                    result.out());
            assertTrue(result.out().strip().endsWith("bytes, key, 12 blobs (" + bytes + " bytes)"), result.out());

            Installation.Result again = Installation.run(work, "backup", "--data", data.toString(), backup.toString());
            assertEquals(1, again.code());
            assertEquals("quicfiles: backup folder " + backup + " exists; choose a new one", again.err().strip());
        }
        assertEquals("rwx------", mode(backup));
        for (String file : List.of("quicfiles.db", "key", "blobs/layout-version")) {
            assertEquals("rw-------", mode(backup.resolve(file)), file);
        }
        assertFalse(Files.exists(backup.resolve("lock")), "the lock is never copied");
        assertFalse(Files.exists(backup.resolve("quicfiles.db-wal")));

        JsonNode stats = JSON.readTree(ok(Installation.run(work, "files", "stats", "--json", "--data", backup.toString())));
        assertEquals(12, stats.get("files").asLong());

        Path restored = work.resolve("restored");
        copyLikeAnOperator(backup, restored);
        try (PackagedServer server = PackagedServer.start(work, restored)) {
            assertEquals(key, server.clientFlags()[3], "the restored server keeps its identity key");
            try (QuicFilesClient client = server.connect()) {
                for (Map.Entry<String, byte[]> file : stored.entrySet()) {
                    assertArrayEquals(file.getValue(), Transfers.get(client, file.getKey()), file.getKey());
                }
            }
            assertTrue(server.stderr().contains("files recovery: table and store agree"), server.stderr());
        }
    }

    @Test
    void aRestoreDropsRowsWhoseBlobWentMissingAndBlobsNewerThanTheSnapshot() throws Exception {
        Path data = work.resolve("data");
        Path backup = work.resolve("backup");
        List<String> ids = new ArrayList<>();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (PackagedServer server = PackagedServer.start(work, data)) {
            try (QuicFilesClient client = server.connect()) {
                for (int i = 0; i < 3; i++) {
                    byte[] content = Transfers.content(new SplittableRandom(i), 5_000 + i);
                    String id = Transfers.put(client, content, 3600).id();
                    ids.add(id);
                    contents.put(id, content);
                }
            }
            ok(Installation.run(work, "backup", "--data", data.toString(), backup.toString()));
        }
        // what the copy after the snapshot can meet: a blob expired and deleted before the copy reached
        // it (its row is in the snapshot), and a blob committed after the snapshot (no row)
        Path gone = blob(backup, ids.get(0));
        Files.delete(gone);
        String newer = "N".repeat(44);
        Path extra = blob(backup, newer);
        Files.createDirectories(extra.getParent());
        Files.write(extra, new byte[] {1, 2, 3});
        Path restored = work.resolve("restored");
        copyLikeAnOperator(backup, restored);
        try (PackagedServer server = PackagedServer.start(work, restored)) {
            assertTrue(server.stderr().contains("files recovery removed 1 row whose blob was missing, 1 blob without a row"),
                    server.stderr());
            try (QuicFilesClient client = server.connect()) {
                assertEquals(404, assertThrows(QuicFilesClientException.class,
                        () -> Transfers.get(client, ids.get(0))).wireCode());
                assertArrayEquals(contents.get(ids.get(1)), Transfers.get(client, ids.get(1)));
                assertArrayEquals(contents.get(ids.get(2)), Transfers.get(client, ids.get(2)));
            }
            assertFalse(Files.exists(blob(restored, newer)), "the blob newer than the snapshot is removed");
        }
    }

    @Test
    void filesCommandsListInspectAndRemoveBesideARunningServer() throws Exception {
        Path data = work.resolve("data");
        try (PackagedServer server = PackagedServer.start(work, data, "--delete-period", "200ms")) {
            List<FileInfo> uploaded = new ArrayList<>();
            try (QuicFilesClient client = server.connect()) {
                for (int i = 0; i < 3; i++) {
                    uploaded.add(Transfers.put(client, Transfers.content(new SplittableRandom(100 + i), 1000 * (i + 1)), 3600));
                }
            }
            String[] at = {"--data", data.toString()};
            List<String> listed = new ArrayList<>();
            for (String line : ok(Installation.run(work, with(at, "files", "list", "--json"))).lines().toList()) {
                JsonNode file = JSON.readTree(line);
                assertEquals("live", file.get("state").asText());
                listed.add(file.get("id").asText());
            }
            assertEquals(uploaded.stream().map(FileInfo::id).sorted().toList(), listed.stream().sorted().toList());

            FileInfo removed = uploaded.get(1);
            String info = ok(Installation.run(work, with(at, "files", "info", removed.id())));
            assertTrue(info.contains("size      2000\n") && info.contains("state     live\n"), info);

            assertEquals("removed " + removed.id(), ok(Installation.run(work, with(at, "files", "rm", removed.id()))).strip());
            try (QuicFilesClient client = server.connect()) {
                assertEquals(404, assertThrows(QuicFilesClientException.class,
                        () -> Transfers.get(client, removed.id())).wireCode(), "not served once removed");
                assertEquals(1000, Transfers.get(client, uploaded.get(0).id()).length);
            }
            Path blob = blob(data, removed.id());
            await(() -> !Files.exists(blob), "the server's deleter removes the blob of a removed file");

            JsonNode stats = JSON.readTree(ok(Installation.run(work, with(at, "files", "stats", "--json"))));
            assertEquals(2, stats.get("files").asLong());
            assertEquals(4000, stats.get("bytes").asLong());
            assertEquals(0, stats.get("expired").asLong(), "the deleter took the row too");

            Installation.Result missing = Installation.run(work, with(at, "files", "rm", removed.id()));
            assertEquals(1, missing.code());
            assertEquals("files: no file " + removed.id(), missing.err().strip());
            server.terminate();
        }
        // and on the folder of a stopped server
        assertEquals(2, ok(Installation.run(work, "files", "list", "--data", data.toString())).lines().count());
    }

    @Test
    void aServerStartedWithSighupIgnoredSaysItCannotReloadAndSurvivesOne() throws Exception {
        try (ServerProcess server = ServerProcess.serveWithHangupIgnored(work, "--listen", "127.0.0.1:0",
                "--data", work.resolve("data").toString())) {
            assertTrue(server.awaitReady().isPresent(), server::stderr);
            await(() -> server.stderr().contains("SIGHUP is ignored by what started the server (nohup?): no"
                    + " configuration reload"), () -> "the warning; stderr:\n" + server.stderr());
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).inheritIO().start();
            assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP");
            // an ignored signal is dropped when it is sent: SIGTERM now is the first the server sees
            // a SIGHUP the JVM had met would have ended it with 129
            assertEquals(143, server.terminate(), "stopped by the SIGTERM, not by the SIGHUP before it");
        }
    }

    @Test
    void sighupAppliesTheLogLevelAndNamesKeysThatNeedARestart() throws Exception {
        Path config = work.resolve("quicfiles.conf");
        Files.writeString(config, "server.log-level = info\n");
        try (PackagedServer server = PackagedServer.start(work, work.resolve("data"), "--config", config.toString())) {
            String first = "A".repeat(44);
            String second = "B".repeat(44);
            try (QuicFilesClient client = server.connect()) {
                assertThrows(QuicFilesClientException.class, () -> Transfers.get(client, first));
                await(() -> server.stderr().contains("cmd=GET id=" + first), "an access line at info");

                Files.writeString(config, "server.log-level = info,quicfiles.access=off\nfiles.max-size = 20M\n");
                hangUp(server);
                await(() -> server.stderr().contains("configuration reloaded"), () -> "the reload line; stderr:\n" + server.stderr());
                assertTrue(server.stderr().contains("configuration reloaded (SIGHUP): applied"
                        + " server.log-level=info,quicfiles.access=off; changed but need a restart (still running with"
                        + " the old values): files.max-size\n"), server.stderr());

                assertThrows(QuicFilesClientException.class, () -> Transfers.get(client, second));
                Files.writeString(config, "server.log-level = loud\n");
                hangUp(server);
                await(() -> server.stderr().contains("configuration not reloaded"), "the refusal line");
                assertTrue(server.stderr().contains("configuration not reloaded (SIGHUP), the running one is kept: "
                        + "server.log-level (" + config + ":1)"), server.stderr());
                assertFalse(server.stderr().contains("id=" + second), "access lines are off since the reload");
                assertThrows(QuicFilesClientException.class, () -> Transfers.get(client, second), "still serving");
            }
        }
    }

    private static void hangUp(PackagedServer server) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(server.pid())).inheritIO().start();
        assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP");
    }

    /** {@code cp -a}, as the README's restore tells an operator to. */
    private static void copyLikeAnOperator(Path from, Path to) throws IOException, InterruptedException {
        Process copy = new ProcessBuilder("cp", "-a", from.toString(), to.toString()).inheritIO().start();
        assertTrue(copy.waitFor(1, TimeUnit.MINUTES) && copy.exitValue() == 0, "cp -a");
    }

    private static Path blob(Path data, String id) {
        return data.resolve("blobs/files").resolve(id.substring(0, 2)).resolve(id);
    }

    private static String[] with(String[] tail, String... head) {
        List<String> all = new ArrayList<>(List.of(head));
        all.addAll(List.of(tail));
        return all.toArray(String[]::new);
    }

    private static String ok(Installation.Result result) {
        assertEquals(0, result.code(), result.err());
        return result.out();
    }

    private static String mode(Path path) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    /** Polls {@code condition} until it holds, for at most 30 seconds. */
    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, () -> what);
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what.get());
            }
            Thread.sleep(10);
        }
    }
}

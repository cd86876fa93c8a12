package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;

/** The {@code files} operator tool over a real SQLite database that a started plugin filled. */
class FilesToolTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    /** What one run printed. */
    record Run(int code, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private Run run(FilesFixture files, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(args),
                java.util.stream.Stream.of("--database", org.quicfiles.testkit.TestDatabases.jdbcUrl(root, "meta.db"))).toArray(String[]::new);
        int code = new FilesTool(files.clock).run(new PrintWriter(out), new PrintWriter(err), all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void listInfoAndStatsReportWhatTheTableHolds() throws Exception {
        try (FilesFixture files = new FilesFixture(root)) {
            FileInfo small = files.put(FilesEndpointContract.randomBytes(10, 1));
            files.clock.advance(Duration.ofSeconds(5));
            FileInfo large = files.put(FilesEndpointContract.randomBytes(3000, 2));

            Run list = run(files, "list");
            assertEquals(0, list.code(), list.err());
            assertEquals(2, list.lines().size(), list.out());
            List<String> first = List.of(list.lines().getFirst().split(" +"));
            assertEquals(List.of(small.id(), "10", java.time.Instant.ofEpochSecond(small.uploaded()).toString(),
                    java.time.Instant.ofEpochSecond(small.expiry()).toString(), "live"), first, "oldest upload first");
            assertTrue(list.lines().get(1).startsWith(large.id()));

            Run infoRun = run(files, "info", large.id(), "--json");
            assertEquals(0, infoRun.code(), infoRun.err());
            JsonNode info = JSON.readTree(infoRun.out());
            assertEquals(large.id(), info.get("id").asText());
            assertEquals(3000, info.get("size").asLong());
            assertEquals(large.uploaded(), info.get("uploaded").asLong());
            assertEquals(large.expiry(), info.get("expires").asLong());
            assertEquals("live", info.get("state").asText());

            JsonNode stats = JSON.readTree(run(files, "stats", "--json").out());
            assertEquals(2, stats.get("files").asLong());
            assertEquals(3010, stats.get("bytes").asLong());
            assertEquals(0, stats.get("expired").asLong());
            assertEquals(3000, stats.get("largest").asLong());
            assertEquals(small.uploaded(), stats.get("oldestUpload").asLong());
            assertEquals(small.expiry(), stats.get("nextExpiry").asLong());

            assertEquals(1, run(files, "list", "--limit", "1").lines().size());
        }
    }

    @Test
    void rmExpiresTheFileAtOnceAndTheDeleterRemovesItsBlob() throws Exception {
        try (FilesFixture files = new FilesFixture(root)) {
            FileInfo kept = files.put(FilesEndpointContract.randomBytes(100, 3));
            FileInfo removed = files.put(FilesEndpointContract.randomBytes(200, 4));

            Run rm = run(files, "rm", removed.id());
            assertEquals(0, rm.code(), rm.err());
            assertEquals("removed " + removed.id(), rm.out().strip());
            FilesFixture.assertFails(ErrorCode.NOT_FOUND, () -> files.get(removed.id()));
            assertEquals(List.of(kept.id()), run(files, "list").lines().stream().map(line -> line.split(" ")[0]).toList());
            assertEquals(2, run(files, "list", "--all").lines().size(), "the row waits for the deleter");
            assertEquals(1, JSON.readTree(run(files, "stats", "--json").out()).get("expired").asLong());

            assertEquals(1, files.plugin.deleter().runOnce());
            assertFalse(files.store.exists(removed.id()), "the deleter took the blob with the row");
            assertTrue(files.store.exists(kept.id()));
            assertEquals(100, files.get(kept.id()).length);

            Run again = run(files, "rm", removed.id(), kept.id(), "--json");
            assertEquals(1, again.code(), "one of the two was not there");
            assertEquals("{\"id\":\"" + removed.id() + "\",\"error\":\"NOT_FOUND\"}", again.lines().get(0));
            assertEquals("{\"id\":\"" + kept.id() + "\",\"removed\":true}", again.lines().get(1));
            assertEquals("files: no file " + removed.id(), again.err().strip());
        }
    }

    @Test
    void anUnknownIdIsNotFoundAndBadUsageIsExitCodeTwo() throws Exception {
        try (FilesFixture files = new FilesFixture(root)) {
            Run info = run(files, "info", "nope");
            assertEquals(1, info.code());
            assertEquals("files: no file nope", info.err().strip());
            assertEquals(2, run(files, "frobnicate").code());
            assertEquals(2, run(files, "info").code());
            assertEquals(2, run(files, "list", "--limit", "0").code());
            assertEquals(2, run(files, "stats", "--all").code());
        }
    }

    @Test
    void aMissingDatabaseIsReportedNotCreated() {
        StringWriter err = new StringWriter();
        Path database = root.resolve("absent.db");
        int code = new FilesTool().run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "list", "--database", "jdbc:sqlite:" + database);
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("files: no database at " + database), err.toString());
        assertFalse(Files.exists(database), "a read-only command must not create a database");
    }

    @Test
    void aDatabaseWithoutTheFilesTableSaysSo() throws Exception {
        Path database = root.resolve("other.db");
        try (var connection = java.sql.DriverManager.getConnection("jdbc:sqlite:" + database);
             var statement = connection.createStatement()) {
            statement.execute("CREATE TABLE unrelated (x INTEGER)");
        }
        StringWriter err = new StringWriter();
        int code = new FilesTool().run(new PrintWriter(new StringWriter()), new PrintWriter(err),
                "stats", "--database", "jdbc:sqlite:" + database);
        assertEquals(1, code);
        assertEquals("files: the database holds no files table (the files plugin has not run on it)", err.toString().strip());
    }

    @Test
    void copyMakesTheTargetTableEqualToTheSourceRowsWhoseBlobItHolds() throws Exception {
        try (FilesFixture files = new FilesFixture(root)) {
            FileInfo a = files.put(FilesEndpointContract.randomBytes(10, 1));
            FileInfo b = files.put(FilesEndpointContract.randomBytes(20, 2));
            FileInfo c = files.put(FilesEndpointContract.randomBytes(30, 3));
            Path ids = Files.writeString(root.resolve("ids"), a.id() + "\n" + b.id() + "\n");
            String target = "jdbc:sqlite:" + root.resolve("target.db");

            Run first = run(files, "copy", "--to", target, "--only", ids.toString());
            assertEquals(0, first.code(), first.err());
            assertEquals("rows: 2 in the target (2 new, 0 changed, 0 unchanged), 0 deleted, 1 without a blob in the target",
                    first.out().strip());
            assertEquals(List.of(a, b).stream().sorted(java.util.Comparator.comparing(FileInfo::id)).toList(),
                    rows(target), "copied as they are");

            // the source moves on: a is extended, b's blob is gone from the target, c is still not there
            try (var connection = files.dataSource.getConnection();
                 var update = connection.prepareStatement("UPDATE files SET expiry = expiry + 100 WHERE id = ?")) {
                update.setString(1, a.id());
                assertEquals(1, update.executeUpdate());
            }
            Files.writeString(ids, a.id() + "\n");
            Run second = run(files, "copy", "--to", target, "--only", ids.toString());
            assertEquals(0, second.code(), second.err());
            assertEquals("rows: 1 in the target (0 new, 1 changed, 0 unchanged), 1 deleted, 2 without a blob in the target",
                    second.out().strip());
            assertEquals(List.of(new FileInfo(a.id(), a.size(), a.uploaded(), a.expiry() + 100)), rows(target));

            Run again = run(files, "copy", "--to", target, "--only", ids.toString());
            assertEquals("rows: 1 in the target (0 new, 0 changed, 1 unchanged), 0 deleted, 2 without a blob in the target",
                    again.out().strip(), "a pass over an unchanged source changes nothing");
            assertEquals(2, run(files, "copy", "--to", target).code(), "bad usage");
        }
    }

    private static List<FileInfo> rows(String url) throws java.sql.SQLException {
        List<FileInfo> rows = new java.util.ArrayList<>();
        try (var connection = java.sql.DriverManager.getConnection(url);
             var query = connection.prepareStatement("SELECT id, size, uploaded, expiry FROM files ORDER BY id");
             var result = query.executeQuery()) {
            while (result.next()) {
                rows.add(new FileInfo(result.getString(1), result.getLong(2), result.getLong(3), result.getLong(4)));
            }
        }
        return rows;
    }
}

package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.testkit.PostgresServer;
import org.quicfiles.testkit.storage.S3ProxyServer;

/**
 * Issue 18's moving up, with the packaged installation and real servers: an embedded installation
 * (SQLite + local blobs, a running packaged server) is migrated by {@code quicfiles migrate} into
 * PostgreSQL and S3 (S3Proxy) while it serves; a change made afterwards is picked up by the final
 * pass after the old server stops; then a front end started on the new backend serves every file
 * byte-exact. A blob whose bytes do not hash to its id is caught and not migrated.
 */
class MigratePackagedTest {
    private static final int FILES = 1_000;

    @TempDir
    static Path s3Folder;
    static S3ProxyServer s3;
    static PostgresServer postgres;

    @TempDir
    Path work;

    @BeforeAll
    static void startServers() throws Exception {
        assumeTrue(S3ProxyServer.isAvailable(), "no S3Proxy class path (module testkit-s3proxy)");
        postgres = PostgresServer.shared();
        s3 = S3ProxyServer.start(s3Folder);
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** The target's flags, as {@code serve} takes them: {@code --database}, {@code --storage s3}, {@code -D storage.s3.*}. */
    private static List<String> target(String name) {
        postgres.drop(name);
        postgres.database(name);
        s3.createBucket(bucket(name));
        return targetFlags(name);
    }

    private static List<String> targetFlags(String name) {
        List<String> flags = new ArrayList<>(List.of("--database", postgres.url(name), "--storage", "s3"));
        s3.storageSettings(bucket(name)).forEach((key, value) -> flags.addAll(List.of("-D", "storage." + key + "=" + value)));
        return flags;
    }

    private static String bucket(String database) {
        return database.replace('_', '-');
    }

    private Installation.Result migrate(Path data, List<String> target) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of("migrate", "--data", data.toString()));
        args.addAll(target);
        return Installation.run(work, args.toArray(String[]::new));
    }

    private static String summary(Installation.Result result) {
        List<String> lines = result.outLines();
        assertEquals(1, lines.size(), result.out() + result.err());
        return lines.getFirst();
    }

    private static long expiry(QuicFilesClient client, String id) throws IOException {
        return Bt.decodeDict(client.request("file_info", Bt.Dict.builder().put("#", id).build().encode()))
                .integer("x").orElseThrow();
    }

    @Test
    void aThousandFilesMoveWhileServingAndTheFinalPassTakesTheChanges() throws Exception {
        Path data = work.resolve("old");
        List<String> target = target("moving_up");
        SplittableRandom random = new SplittableRandom(18_000);
        Map<String, byte[]> contents = new LinkedHashMap<>();
        String extended;
        String removed;
        String late;
        long extendedTo;
        try (PackagedServer old = PackagedServer.start(work, data)) {
            QuicFilesClient uploader = old.connect();
            try {
                while (contents.size() < FILES) {
                    byte[] content = Transfers.content(random, 1 + random.nextInt(4_000));
                    String id;
                    try {
                        id = Transfers.put(uploader, content, 86_400).id();
                    } catch (IOException e) {
                        // The known lost-reply-FIN problem of the QUIC stack under heavy load
                        // (docs/reliability.md, issue 13's stream bridge): a PUT is idempotent, so
                        // this setup step retries it once on a new connection, and says so.
                        System.out.println("MigratePackagedTest: upload " + contents.size() + " retried after: " + e);
                        uploader.close();
                        uploader = old.connect();
                        id = Transfers.put(uploader, content, 86_400).id();
                    }
                    contents.put(id, content);
                }
            } finally {
                uploader.close();
            }
            long started = System.nanoTime();
            Installation.Result first = migrate(data, target);
            long firstMillis = (System.nanoTime() - started) / 1_000_000;
            assertEquals(0, first.code(), first.err());
            assertTrue(summary(first).startsWith("migrated " + FILES + " files (" + FILES + " copied, "), first.out());
            assertTrue(summary(first).contains(" 0 mismatches"), first.out());
            assertTrue(first.err().contains("rows: " + FILES + " in the target (" + FILES + " new,"), first.err());
            System.out.println("MigratePackagedTest: first pass of " + FILES + " files took " + firstMillis + " ms");

            // repeatable: nothing changed, nothing copied
            Installation.Result again = migrate(data, target);
            assertEquals(0, again.code(), again.err());
            assertTrue(summary(again).startsWith("migrated " + FILES + " files (0 copied, 0 bytes; " + FILES
                    + " already there)"), again.out());
            assertTrue(again.err().contains("0 new, 0 changed, " + FILES + " unchanged), 0 deleted"), again.err());

            // changes after the first pass, while the old server still serves
            List<String> ids = new ArrayList<>(contents.keySet());
            extended = ids.get(1);
            removed = ids.get(2);
            try (QuicFilesClient client = old.connect()) {
                byte[] content = Transfers.content(random, 3_333);
                late = Transfers.put(client, content, 86_400).id();
                contents.put(late, content);
                extendedTo = Bt.decodeDict(client.request("file_extend", Bt.Dict.builder().put("#", extended)
                        .put("t", 30L * 86_400).build().encode())).integer("x").orElseThrow();
            }
            Installation.Result rm = Installation.run(work, "files", "rm", removed, "--data", data.toString());
            assertEquals(0, rm.code(), rm.err());
        }

        long started = System.nanoTime();
        Installation.Result last = migrate(data, target);
        long lastMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(0, last.code(), last.err());
        assertTrue(summary(last).startsWith("migrated " + (FILES + 1) + " files (1 copied, 3333 bytes; " + FILES
                + " already there)"), last.out());
        assertTrue(last.err().contains("(1 new, 2 changed, " + (FILES - 2) + " unchanged), 0 deleted"), last.err());
        System.out.println("MigratePackagedTest: final pass took " + lastMillis + " ms: " + summary(last));

        Path front = work.resolve("front");
        try (PackagedServer server = PackagedServer.start(work, front, targetFlags("moving_up").toArray(String[]::new))) {
            assertEquals("s3", server.storage());
            try (QuicFilesClient client = server.connect()) {
                for (Map.Entry<String, byte[]> file : contents.entrySet()) {
                    if (file.getKey().equals(removed)) {
                        assertEquals(404, assertThrows(QuicFilesClientException.class,
                                () -> Transfers.get(client, removed)).wireCode());
                    } else {
                        assertArrayEquals(file.getValue(), Transfers.get(client, file.getKey()), file.getKey());
                    }
                }
                assertEquals(extendedTo, expiry(client, extended), "the extend made after the first pass");
            }
            Installation.Result whileServed = migrate(data, target);
            assertEquals(1, whileServed.code(), whileServed.out() + whileServed.err());
            assertTrue(whileServed.err().contains("of quicfiles servers use ") && whileServed.err().contains(
                    "migrate must be the target's only writer"), whileServed.err());
            assertEquals("", whileServed.out(), "refused before anything was copied");
        }
        assertEquals(List.of(), filesIn(front.resolve("blobs")), "the front end keeps nothing locally");
    }

    @Test
    void aBlobThatDoesNotMatchItsIdIsReportedAndNotMigrated() throws Exception {
        Path data = work.resolve("old");
        List<String> target = target("corrupt");
        SplittableRandom random = new SplittableRandom(18_001);
        List<String> ids = new ArrayList<>();
        try (PackagedServer old = PackagedServer.start(work, data); QuicFilesClient client = old.connect()) {
            for (int i = 0; i < 3; i++) {
                ids.add(Transfers.put(client, Transfers.content(random, 10_000 + i), 86_400).id());
            }
        }
        String bad = ids.get(1);
        Path blob = filesIn(data.resolve("blobs")).stream().filter(file -> file.getFileName().toString().equals(bad))
                .findFirst().map(data.resolve("blobs")::resolve).orElseThrow();
        byte[] bytes = Files.readAllBytes(blob);
        bytes[5_000] ^= 1; // one bit flipped on disk
        Files.write(blob, bytes);

        Installation.Result result = migrate(data, target);
        assertEquals(1, result.code(), result.out() + result.err());
        assertTrue(result.err().contains("MISMATCH " + bad + ": its 10001 bytes have content id "), result.err());
        assertTrue(summary(result).startsWith("migrated 2 files (2 copied, "), result.out());
        assertTrue(summary(result).contains(" 1 mismatches"), result.out());
        assertEquals(List.of(ids.get(0), ids.get(2)).stream().sorted().toList(), rows("corrupt"));
        assertFalse(filesIn(s3Folder.resolve("data").resolve(bucket("corrupt"))).stream()
                .anyMatch(object -> object.getFileName().toString().contains(bad)), "no object for the bad blob");
    }

    @Test
    void aMissingTargetIsOneLineNamingTheKey() throws Exception {
        Path data = work.resolve("old");
        PackagedServer.start(work, data).close(); // an installation that has run once
        Installation.Result noDatabase = Installation.run(work, "migrate", "--data", data.toString(), "--storage", "s3");
        assertEquals(1, noDatabase.code());
        assertTrue(noDatabase.err().strip().startsWith("quicfiles: database.url is not set"), noDatabase.err());
        assertEquals(1, noDatabase.err().strip().lines().count(), noDatabase.err());
        Installation.Result local = Installation.run(work, "migrate", "--data", data.toString(), "--database",
                "jdbc:postgresql://127.0.0.1:1/x", "--storage", "nio");
        assertEquals(1, local.code());
        assertTrue(local.err().contains("storage.provider (--storage): nio is local storage"), local.err());
    }

    private static List<String> rows(String database) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection connection = postgres.database(database).getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT id FROM files ORDER BY id");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids.stream().sorted().toList();
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).filter(file -> !file.getFileName().toString().equals("layout-version"))
                    .map(folder::relativize).sorted().toList();
        }
    }
}

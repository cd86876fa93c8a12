package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.protocol.ContentIds;
import org.quicfiles.testkit.PostgresServer;
import org.quicfiles.testkit.storage.S3ProxyServer;

/**
 * Issue 18's scale-out in real processes: a PostgreSQL server, an S3 server (S3Proxy) and three
 * packaged front ends ({@code bin/quicfiles serve --database jdbc:postgresql://… --storage s3}) on
 * three ports, each with its own data folder and key. The methods run in order on the same
 * installation: the last two kill front ends.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ThreeFrontEndsTest {
    private static final int PART = 5 << 20;
    private static final Duration DELETE_PERIOD = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String BUCKET = "shared";
    private static final String DATABASE = "three_front_ends";
    private static final String LEADS = "this server now runs the expiry deleter";
    private static final Pattern ADMIN_LINE = Pattern.compile("admin listener on http://127\\.0\\.0\\.1:(\\d+) ");

    @TempDir
    static Path work;

    static S3ProxyServer s3;
    static String databaseUrl;
    static Path bucket;
    static final List<FrontEnd> fronts = new ArrayList<>();
    static final HttpClient http = HttpClient.newHttpClient();

    /** One front end: its process, data folder and admin (metrics) address. */
    static final class FrontEnd {
        final String name;
        final Path data;
        PackagedServer server;
        URI admin;

        FrontEnd(String name) {
            this.name = name;
            this.data = work.resolve(name);
        }

        void start(String... more) throws Exception {
            server = PackagedServer.start(work, data, flags(more));
            String port = await(name + "'s admin listener line", () -> {
                Matcher line = ADMIN_LINE.matcher(server.stderr());
                return line.find() ? Optional.of(line.group(1)) : Optional.empty();
            });
            admin = URI.create("http://127.0.0.1:" + port);
        }

        /** Passes of the expiry deleter this front end ran (it counts only the passes it ran as leader). */
        double deleterRuns() throws IOException, InterruptedException {
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(admin.resolve("/metrics"))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), metrics.body());
            return metrics.body().lines().filter(line -> line.startsWith("quicfiles_files_deleter_runs"))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }

        boolean announcedLeading() {
            return server.stderr().contains(LEADS);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    @BeforeAll
    static void startEverything() throws Exception {
        assumeTrue(S3ProxyServer.isAvailable(), "no S3Proxy class path (module testkit-s3proxy)");
        PostgresServer postgres = PostgresServer.shared();
        postgres.drop(DATABASE);
        postgres.database(DATABASE);
        databaseUrl = postgres.url(DATABASE);
        s3 = S3ProxyServer.start(Files.createDirectories(work.resolve("s3")));
        s3.createBucket(BUCKET);
        bucket = work.resolve("s3/data").resolve(BUCKET);
        for (String name : List.of("a", "b", "c")) {
            fronts.add(new FrontEnd(name));
        }
        // the three start together, as a deployment's would (their migrations serialise in PostgreSQL)
        try (ExecutorService starting = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Object>> started = new ArrayList<>();
            for (FrontEnd front : fronts) {
                started.add(starting.submit(() -> {
                    front.start();
                    return null;
                }));
            }
            for (Future<Object> each : started) {
                each.get();
            }
        }
    }

    @AfterAll
    static void stopEverything() {
        for (FrontEnd front : fronts) {
            if (front.server != null) {
                front.server.close();
            }
        }
        if (s3 != null) {
            s3.close();
        }
    }

    static String[] flags(String... more) {
        List<String> flags = new ArrayList<>(List.of("--database", databaseUrl, "--storage", "s3", "--max-size", "40M",
                "--admin", "127.0.0.1:0", "--delete-period", DELETE_PERIOD.toMillis() + "ms",
                "-D", "storage.s3.part-size=" + PART));
        s3.storageSettings(BUCKET).forEach((key, value) -> flags.addAll(List.of("-D", "storage." + key + "=" + value)));
        flags.addAll(List.of(more));
        return flags.toArray(String[]::new);
    }

    static FrontEnd a() {
        return fronts.get(0);
    }

    static FrontEnd b() {
        return fronts.get(1);
    }

    static FrontEnd c() {
        return fronts.get(2);
    }

    @Test
    @Order(1)
    void uploadsThroughAAreDownloadedByteExactThroughBAndC() throws Exception {
        SplittableRandom random = new SplittableRandom(1801);
        // one part (a single PutObject) and three parts (a multipart upload and a copy)
        for (byte[] content : List.of(Transfers.content(random, 1_000_000), Transfers.content(random, 2 * PART + 4321))) {
            FileInfo stored;
            try (QuicFilesClient client = a().server.connect()) {
                stored = Transfers.put(client, content, 3600);
            }
            assertEquals(ContentIds.of(content), stored.id());
            for (FrontEnd other : List.of(b(), c())) {
                try (QuicFilesClient client = other.server.connect()) {
                    assertArrayEquals(content, Transfers.get(client, stored.id()), "through " + other);
                }
            }
        }
    }

    @Test
    @Order(2)
    void anExtendThroughCIsSeenByA() throws Exception {
        byte[] content = Transfers.content(new SplittableRandom(1802), 20_000);
        FileInfo stored;
        try (QuicFilesClient client = a().server.connect()) {
            stored = Transfers.put(client, content, 600);
        }
        long extended;
        try (QuicFilesClient client = c().server.connect()) {
            extended = Bt.decodeDict(client.request("file_extend", Bt.Dict.builder().put("#", stored.id())
                    .put("t", 86_400).build().encode())).integer("x").orElseThrow();
        }
        assertTrue(extended >= stored.expiry() + 86_400 - 600 - 5, "C extended: " + extended + " vs " + stored.expiry());
        try (QuicFilesClient client = a().server.connect()) {
            long seen = Bt.decodeDict(client.request("file_info", Bt.Dict.builder().put("#", stored.id()).build().encode()))
                    .integer("x").orElseThrow();
            assertEquals(extended, seen, "A sees C's extend at once");
        }
    }

    @Test
    @Order(3)
    void theSameContentThroughAAndBAtTheSameMomentIsOneRowAndOneObject() throws Exception {
        for (int round = 0; round < 3; round++) {
            // above one part: both front ends run a multipart upload to a temporary of their own
            byte[] content = Transfers.content(new SplittableRandom(1803 + round), PART + 100_000 * round + 1);
            String id = ContentIds.of(content);
            CyclicBarrier together = new CyclicBarrier(2);
            List<Callable<FileInfo>> uploads = new ArrayList<>();
            for (FrontEnd front : List.of(a(), b())) {
                uploads.add(() -> {
                    try (QuicFilesClient client = front.server.connect()) {
                        together.await();
                        return Transfers.put(client, content, 3600);
                    }
                });
            }
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (Future<FileInfo> result : pool.invokeAll(uploads)) {
                    assertEquals(id, result.get().id());
                }
            }
            assertEquals(1, rowsWithId(id), "one row");
            assertEquals(List.of(Path.of("files", id)), objects().stream().filter(p -> p.endsWith(id)).toList(),
                    "one object");
            assertEquals(List.of(), objects().stream().filter(p -> !p.startsWith("files")).toList(),
                    "no temporary left in the bucket");
            try (QuicFilesClient client = c().server.connect()) {
                assertArrayEquals(content, Transfers.get(client, id));
            }
        }
        assertEquals(rowIds().stream().map(id -> Path.of("files", id)).sorted().toList(), objects(),
                "every object has its row and every row its object");
    }

    @Test
    @Order(4)
    void theDeleterRunsOnExactlyOneFrontEndAndAKilledLeaderHandsOverWithinAPeriod() throws Exception {
        FrontEnd leader = await("a leader", () -> {
            for (FrontEnd front : fronts) {
                if (front.deleterRuns() > 0) {
                    return Optional.of(front);
                }
            }
            return Optional.empty();
        });
        // three more periods: the leader keeps running, the others never run a pass
        double runs = leader.deleterRuns();
        await("three more passes on " + leader, () -> leader.deleterRuns() >= runs + 3 ? Optional.of(true) : Optional.empty());
        for (FrontEnd front : fronts) {
            if (front != leader) {
                assertEquals(0.0, front.deleterRuns(), front + " ran the deleter too");
                assertFalse(front.announcedLeading(), front + " says it leads: " + front.server.stderr());
            }
        }
        assertTrue(leader.announcedLeading(), leader.server.stderr());
        assertEquals(1, leaderLocksHeld(), "PostgreSQL holds one leader lock");

        leader.server.kill();
        long killed = System.nanoTime();
        List<FrontEnd> others = fronts.stream().filter(front -> front != leader).toList();
        FrontEnd next = await("a new leader", () -> {
            for (FrontEnd front : others) {
                if (front.announcedLeading()) {
                    return Optional.of(front);
                }
            }
            return Optional.empty();
        });
        Duration takeOver = Duration.ofNanos(System.nanoTime() - killed);
        System.out.println("ThreeFrontEndsTest: " + next + " took over " + takeOver.toMillis() + " ms after the kill of "
                + leader + " (delete-period " + DELETE_PERIOD.toMillis() + " ms)");
        // the survivors retry the lock once per period; allow the log line a second on a loaded machine
        assertTrue(takeOver.compareTo(DELETE_PERIOD.plusSeconds(1)) <= 0,
                next + " took over after " + takeOver.toMillis() + " ms; the period is " + DELETE_PERIOD.toMillis() + " ms");
        await(next + "'s first pass", () -> next.deleterRuns() > 0 ? Optional.of(true) : Optional.empty());
        for (FrontEnd front : others) {
            if (front != next) {
                assertEquals(0.0, front.deleterRuns(), front + " runs the deleter too");
            }
        }
        assertEquals(1, leaderLocksHeld(), "PostgreSQL holds one leader lock");

        // the old leader comes back as a follower (its data folder's lock was left by the kill)
        leader.start();
        double nextRuns = next.deleterRuns();
        await("two more passes on " + next, () -> next.deleterRuns() >= nextRuns + 2 ? Optional.of(true) : Optional.empty());
        assertEquals(0.0, leader.deleterRuns(), leader + " leads again after its restart");
    }

    @Test
    @Order(5)
    void aFrontEndKilledMidUploadLeavesNoRowAndAfterReconciliationNoObject() throws Exception {
        FrontEnd victim = b();
        byte[] content = Transfers.content(new SplittableRandom(1805), 6 * PART);
        String id = ContentIds.of(content);
        List<String> rowsBefore = rowIds();

        // a crash between an object's PutObject and its row's commit leaves an object without a row:
        // made here by storing a file and then removing its row as if it had never been committed
        byte[] orphanContent = Transfers.content(new SplittableRandom(1806), 300_000);
        String orphan;
        try (QuicFilesClient client = a().server.connect()) {
            orphan = Transfers.put(client, orphanContent, 3600).id();
        }
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             PreparedStatement delete = connection.prepareStatement("DELETE FROM files WHERE id = ?")) {
            delete.setString(1, orphan);
            assertEquals(1, delete.executeUpdate());
        }

        CountDownLatch stalled = new CountDownLatch(1);
        Thread upload = Thread.ofVirtual().start(() -> {
            try (QuicFilesClient client = victim.server.connect()) {
                // three parts' worth, then the client stalls: parts are in S3, nothing committed
                client.put(new StallingChannel(content, 3 * PART, stalled), content.length, OptionalLong.of(3600));
            } catch (IOException | RuntimeException expected) {
                // the server is killed under it
            }
        });
        assertTrue(stalled.await(1, TimeUnit.MINUTES), "the client never sent three parts");
        await("a part of the upload in the bucket", () -> objects().stream().anyMatch(p -> !p.startsWith("files"))
                ? Optional.of(true) : Optional.empty());
        victim.server.kill();
        upload.interrupt();
        upload.join();

        assertEquals(0, rowsWithId(id), "no row for the killed upload");
        assertEquals(rowsBefore, rowIds(), "no row was added or lost");
        assertTrue(objects().stream().noneMatch(p -> p.endsWith(id)), "no object for the killed upload: " + objects());
        assertTrue(objects().contains(Path.of("files", orphan)), "the object without a row is still there");

        // reconciliation: the killed front end starts again, sweeping temporaries of any age (tests
        // only: in production leftover-age keeps other front ends' running uploads) and objects
        // without a row, while A and C keep serving
        victim.start("-D", "storage.s3.leftover-age=0s");
        await("the bucket reconciled with the table", () -> {
            List<Path> expected = rowIds().stream().map(row -> Path.of("files", row)).sorted().toList();
            return expected.equals(objects()) ? Optional.of(true) : Optional.empty();
        });
        assertTrue(victim.server.stderr().contains("unfinished upload"), victim.server.stderr());
        assertTrue(victim.server.stderr().contains("1 blob without a row"), victim.server.stderr());
        assertFalse(objects().contains(Path.of("files", orphan)));
        for (String row : rowIds()) {
            try (QuicFilesClient client = c().server.connect()) {
                assertEquals(row, ContentIds.of(Transfers.get(client, row)), "every file is still served whole");
            }
        }
    }

    // --- what the test reads from PostgreSQL and from the bucket (S3Proxy's filesystem backend) ---

    private static List<Path> objects() throws IOException {
        if (!Files.isDirectory(bucket)) {
            return List.of();
        }
        try (Stream<Path> all = Files.walk(bucket)) {
            return all.filter(Files::isRegularFile).map(bucket::relativize).sorted().toList();
        }
    }

    private static List<String> rowIds() throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             PreparedStatement query = connection.prepareStatement("SELECT id FROM files ORDER BY id");
             ResultSet rows = query.executeQuery()) {
            List<String> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
            return ids.stream().sorted().toList();
        }
    }

    private static long rowsWithId(String id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM files WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Granted one-key advisory locks (the {@code LeaderLock}s; the per-id locks have two keys) in the database. */
    private static long leaderLocksHeld() throws SQLException {
        try (Connection connection = DriverManager.getConnection(databaseUrl);
             PreparedStatement query = connection.prepareStatement("SELECT count(*) FROM pg_locks WHERE locktype = "
                     + "'advisory' AND objsubid = 1 AND granted "
                     + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
             ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }

    @FunctionalInterface
    interface Probe<T> {
        Optional<T> get() throws Exception;
    }

    /** Polls {@code probe} until it answers, failing after {@link #WAIT}. */
    static <T> T await(String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                StringBuilder logs = new StringBuilder();
                for (FrontEnd front : fronts) {
                    if (front.server != null) {
                        logs.append("\n--- ").append(front).append(":\n").append(front.server.stderr());
                    }
                }
                throw new AssertionError("no " + what + " within " + WAIT + logs);
            }
            Thread.sleep(20); // the interval between polls; the deadline bounds the wait
        }
    }
}

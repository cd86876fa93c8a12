package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.Config;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;

/**
 * Two files plugins on one database and one store, as two front ends of a scaled-out installation
 * see them: what one writes, the other sees at once, and the deleter runs on one of them.
 */
class SharedDatabaseTest {
    @TempDir
    Path directory;

    @Test
    void theSameContentUploadedThroughTwoServersAtOnceIsOneFile() throws Exception {
        // the real nio store: its temporaries have random names, as two processes' must
        Optional<StorageProvider> nio = StorageModules.provider("nio");
        assumeTrue(nio.isPresent(), "storage-local provides no 'nio' store");
        FilesFixture.StoreFactory store = folder -> nio.get().open(
                new StorageContext(folder, Config.empty(), System.getLogger("quicfiles.storage.test")));
        Map<String, String> settings = Map.of("delete-expired", "false");
        try (FilesFixture a = new FilesFixture(directory, settings, store);
             FilesFixture b = new FilesFixture(directory, settings, store)) {
            for (int round = 0; round < 20; round++) {
                byte[] content = new byte[10_000 + round];
                new Random(round).nextBytes(content);
                CyclicBarrier together = new CyclicBarrier(2);
                List<Callable<FileInfo>> uploads = List.of(
                        () -> { together.await(); return a.put(content); },
                        () -> { together.await(); return b.put(content); });
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<FileInfo>> results = pool.invokeAll(uploads);
                    assertEquals(results.get(0).get().id(), results.get(1).get().id());
                    assertArrayEquals(content, b.get(results.get(0).get().id()));
                }
            }
            assertEquals(20, a.rowCount());
            assertEquals(20, a.store.ids().size());
        }
    }

    @Test
    void anExtendThroughOneServerIsSeenAtOnceByTheOther() throws Exception {
        try (FilesFixture a = new FilesFixture(directory); FilesFixture b = new FilesFixture(directory)) {
            FileInfo stored = a.put(new byte[] {1, 2, 3}, FilesFixture.putHeader(3, 3600L));
            byte[] id = Bt.Dict.builder().put("#", stored.id()).build().encode();
            a.clock.advance(Duration.ofMinutes(10));
            b.clock.advance(Duration.ofMinutes(10));
            Bt.Dict extended = Bt.decodeDict(b.request("file_extend", Bt.Dict.builder().put("#", stored.id())
                    .put("t", 86_400).build().encode()));
            long expiry = extended.integer("x").orElseThrow();
            assertTrue(expiry > stored.expiry());
            assertEquals(expiry, Bt.decodeDict(a.request("file_info", id)).integer("x").orElseThrow());
        }
    }

    @Test
    void exactlyOneServerRunsTheDeleterAndAnotherTakesOverWhenItDies() throws Exception {
        try (FilesFixture first = new FilesFixture(directory)) {
            assumeTrue(first.dialect == ServerContext.SqlDialect.POSTGRESQL, "leadership is elected on PostgreSQL only");
        }
        try (FilesFixture a = new FilesFixture(directory); FilesFixture b = new FilesFixture(directory)) {
            a.put(new byte[] {4, 5, 6}, FilesFixture.putHeader(3, 60L));
            a.clock.advance(Duration.ofMinutes(2));
            b.clock.advance(Duration.ofMinutes(2));
            int byA = a.plugin.deleter().runIfLeading();
            int byB = b.plugin.deleter().runIfLeading();
            assertEquals(1, Math.max(byA, byB), "the leader deleted the expired file");
            assertEquals(-1, Math.min(byA, byB), "the other did not run");
            FilesFixture leader = byA >= 0 ? a : b;
            FilesFixture follower = leader == a ? b : a;
            assertEquals(-1, follower.plugin.deleter().runIfLeading(), "still the same leader");
            assertEquals(0, leader.plugin.deleter().runIfLeading());

            // the leader's process dies: PostgreSQL ends its session, which frees the lock
            terminateLockHolder(leader);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            int taken;
            while ((taken = follower.plugin.deleter().runIfLeading()) < 0 && System.nanoTime() < deadline) {
                Thread.sleep(20); // the interval between polls; the deadline bounds the wait
            }
            assertEquals(0, taken, "the other server took over");
            assertEquals(-1, leader.plugin.deleter().runIfLeading(), "the old leader notices it lost its session");

            // a clean stop hands over too
            follower.plugin.endpoints().onClose().close();
            assertEquals(0, leader.plugin.deleter().runIfLeading());
        }
    }

    /**
     * The leader on A has deleted an expired file's row and is about to delete its blob when B
     * receives the same content. Without the id's lock across servers B would commit the blob and
     * upsert its row in that gap, and A would then delete the blob under B's row.
     */
    @Test
    void anUploadThroughOneServerWaitsForTheOthersDeleteOfTheSameId() throws Exception {
        try (FilesFixture first = new FilesFixture(directory)) {
            assumeTrue(first.dialect == ServerContext.SqlDialect.POSTGRESQL, "one server per SQLite database");
        }
        try (FilesFixture a = new FilesFixture(directory); FilesFixture b = new FilesFixture(directory)) {
            byte[] content = FilesEndpointContract.randomBytes(4000, 9);
            FileInfo old = a.put(content, FilesFixture.putHeader(content.length, 30L));
            a.clock.advance(Duration.ofSeconds(30));
            b.clock.advance(Duration.ofSeconds(30));

            java.util.concurrent.CountDownLatch inDelete = new java.util.concurrent.CountDownLatch(1);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            a.hookedStore.beforeDelete(() -> {
                inDelete.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            java.util.concurrent.atomic.AtomicInteger deleted = new java.util.concurrent.atomic.AtomicInteger(-2);
            Thread deleter = Thread.ofVirtual().start(() -> {
                try {
                    deleted.set(a.plugin.deleter().runIfLeading());
                } catch (java.sql.SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            inDelete.await();
            java.util.concurrent.atomic.AtomicReference<FileInfo> uploaded = new java.util.concurrent.atomic.AtomicReference<>();
            Thread upload = Thread.ofVirtual().start(() -> {
                try {
                    uploaded.set(b.put(content, FilesFixture.putHeader(content.length, 3600L)));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // B now waits for the id's lock, which A holds: PostgreSQL shows the waiting request
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (waitingAdvisoryLocks(a) == 0) {
                assertTrue(System.nanoTime() < deadline && upload.isAlive(), "B did not wait for A's lock on the id");
                Thread.sleep(20); // the interval between polls; the deadline bounds the wait
            }
            release.countDown();
            deleter.join();
            upload.join();
            a.hookedStore.beforeDelete(() -> { });

            assertEquals(1, deleted.get());
            assertEquals(old.id(), uploaded.get().id());
            assertEquals(1, b.rowCount());
            assertArrayEquals(content, b.get(old.id()), "the row has its blob");
        }
    }

    /**
     * B has committed a blob and not yet its row (it holds the id's lock between the two, as every
     * upload does) when A starts and reconciles. A must wait for the lock and then keep the blob;
     * a blob that nobody is committing is still removed, and a row whose blob A's store lacks is
     * kept (another front end may use another store: note 0423).
     */
    @Test
    void recoveryOnASharedDatabaseSparesAnotherServersUploadBetweenBlobAndRow() throws Exception {
        try (FilesFixture first = new FilesFixture(directory)) {
            assumeTrue(first.dialect == ServerContext.SqlDialect.POSTGRESQL, "one server per SQLite database");
        }
        try (FilesFixture a = new FilesFixture(directory); FilesFixture b = new FilesFixture(directory)) {
            FileInfo rowOnly = a.put(FilesEndpointContract.randomBytes(500, 31));
            a.store.delete(rowOnly.id());
            String orphan = "O".repeat(44);
            org.quicfiles.api.storage.BlobWriter stray = b.store.create();
            stray.write(java.nio.ByteBuffer.wrap(new byte[] {7}));
            stray.commit(orphan);

            String inFlight = "F".repeat(44);
            FilesTable table = new FilesTable(b.dataSource, b.dialect);
            java.util.concurrent.atomic.AtomicReference<StartupRecovery.Report> report = new java.util.concurrent.atomic.AtomicReference<>();
            Thread recovery;
            try (FilesTable.IdGuard guard = table.guard(inFlight)) {
                org.quicfiles.api.storage.BlobWriter upload = b.store.create();
                upload.write(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}));
                upload.commit(inFlight);
                recovery = Thread.ofVirtual().start(() -> {
                    try {
                        a.restart();
                        report.set(a.plugin.recovery());
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (waitingAdvisoryLocks(a) == 0) {
                    assertTrue(System.nanoTime() < deadline && recovery.isAlive(), "recovery did not wait for the id's lock");
                    Thread.sleep(20); // the interval between polls; the deadline bounds the wait
                }
                table.upsert(guard, inFlight, 3, FilesFixture.START.getEpochSecond(),
                        FilesFixture.START.getEpochSecond() + 3600);
            }
            recovery.join();
            assertEquals(new StartupRecovery.Report(0, 0, 1, 1), report.get());
            assertTrue(a.store.exists(inFlight), "the other server's blob is kept");
            assertFalse(a.store.exists(orphan), "a blob nobody commits is removed");
            assertTrue(a.plugin.recovery().describe().contains("kept 1 row"));
            assertEquals(2, a.rowCount(), "rows whose blob is missing are kept on a shared database");
        }
    }

    private static long waitingAdvisoryLocks(FilesFixture fixture) throws Exception {
        try (Connection connection = fixture.dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                     + " AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static void terminateLockHolder(FilesFixture fixture) throws Exception {
        try (Connection connection = fixture.dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT pg_terminate_backend(pid) FROM pg_locks "
                     + "WHERE locktype = 'advisory' AND granted "
                     + "AND database = (SELECT oid FROM pg_database WHERE datname = current_database())")) {
            assertTrue(rows.next(), "one advisory lock is held");
            assertTrue(rows.getBoolean(1));
            assertFalse(rows.next());
        }
    }

}

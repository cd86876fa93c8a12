package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicfiles.endpoints.files.internal.FilesFixture.putHeader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.FileInfo;

class ConcurrencyTest {
    @TempDir
    Path root;
    FilesFixture files;

    @BeforeEach
    void start() throws Exception {
        files = new FilesFixture(root);
    }

    @AfterEach
    void stop() {
        files.close();
    }

    /**
     * The deleter has removed an expired file's row and is about to remove its blob when an upload
     * of the same content arrives. Without the per-id lock the upload would commit and insert its
     * row, and the deleter would then delete the blob under it.
     */
    @Test
    void aDedupUploadRacingTheDeleterNeverEndsWithARowWithoutItsBlob() throws Exception {
        byte[] content = FilesEndpointContract.randomBytes(4000, 1);
        FileInfo old = files.put(content, putHeader(content.length, 30L));
        files.clock.advance(Duration.ofSeconds(30));

        CountDownLatch deleterInDelete = new CountDownLatch(1);
        CountDownLatch releaseDeleter = new CountDownLatch(1);
        files.hookedStore.beforeDelete(() -> {
            deleterInDelete.countDown();
            awaitUninterruptibly(releaseDeleter);
        });
        AtomicInteger deleted = new AtomicInteger(-1);
        Thread deleter = Thread.ofVirtual().start(() -> deleted.set(runDeleter()));
        deleterInDelete.await();

        AtomicReference<FileInfo> uploaded = new AtomicReference<>();
        Thread upload = Thread.ofVirtual().start(() -> uploaded.set(put(content, 3600L)));
        // the upload must now wait for the id's lock (or, were the lock missing, finish)
        while (upload.getState() != Thread.State.WAITING && upload.getState() != Thread.State.TERMINATED) {
            Thread.onSpinWait();
        }
        releaseDeleter.countDown();
        deleter.join();
        upload.join();
        files.hookedStore.beforeDelete(() -> { });

        assertEquals(1, deleted.get());
        assertEquals(old.id(), uploaded.get().id());
        assertEquals(files.clock.epochSecond(), uploaded.get().uploaded(), "a new file after the old one expired");
        assertEquals(1, files.rowCount());
        assertArrayEquals(content, files.get(old.id()));
    }

    @Test
    void concurrentUploadsOfTheSameContentStoreItOnce() throws Exception {
        byte[] content = FilesEndpointContract.randomBytes(200_000, 2);
        List<Future<FileInfo>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 16; i++) {
                long ttl = 60L + i;
                results.add(pool.submit(() -> files.put(content, putHeader(content.length, ttl))));
            }
        }
        FileInfo first = results.getFirst().get();
        for (Future<FileInfo> result : results) {
            assertEquals(first.id(), result.get().id());
            assertEquals(first.uploaded(), result.get().uploaded());
        }
        assertEquals(1, files.rowCount());
        assertEquals(1, files.blobCount());
        assertEquals(0, files.temporaryCount());
        Bt.Dict info = Bt.decodeDict(files.request("file_info", Bt.Dict.builder().put("#", first.id()).build().encode()));
        assertEquals(files.clock.epochSecond() + 75, info.integer("x").orElseThrow(), "the longest ttl wins");
    }

    @Test
    void concurrentDistinctUploadsAndDownloadsAllSucceed() throws Exception {
        List<Future<byte[]>> roundTrips = new ArrayList<>();
        List<byte[]> contents = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 32; i++) {
                byte[] content = FilesEndpointContract.randomBytes(10_000 + i, 100 + i);
                contents.add(content);
                roundTrips.add(pool.submit(() -> files.get(files.put(content).id())));
            }
        }
        for (int i = 0; i < contents.size(); i++) {
            assertArrayEquals(contents.get(i), roundTrips.get(i).get());
        }
        assertEquals(32, files.rowCount());
        assertEquals(0, files.temporaryCount());
    }

    private int runDeleter() {
        try {
            return files.plugin.deleter().runOnce();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private FileInfo put(byte[] content, long ttl) {
        try {
            return files.put(content, putHeader(content.length, ttl));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}

package org.quicfiles.storage.uring.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicfiles.testkit.storage.TestBlobs.content;
import static org.quicfiles.testkit.storage.TestBlobs.get;
import static org.quicfiles.testkit.storage.TestBlobs.put;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;

/**
 * The buffer budget: with far fewer chunks than transfers want (2 chunks for 32 concurrent uploads
 * and downloads, each wanting 4 ahead), transfers wait for buffers instead of failing, and none
 * deadlocks; and an upload that waits for the network keeps none of the chunks its finished writes
 * used (P4 with {@code uring}, decision note 0205).
 */
class ChunkBudgetTest {
    @TempDir
    Path root;

    @Test
    void manyTransfersShareATinyBudgetWithoutFailingOrDeadlocking() throws Exception {
        String reason = UringStorageProvider.unusableReason();
        assumeTrue(reason == null, () -> "io_uring is not usable here: " + reason);
        Config config = new Config(Map.of("chunk-size", "4096", "uring.max-buffers", "2"));
        try (BlobStore store = new UringStorageProvider().open(new StorageContext(root, config, System.getLogger("test")));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> transfers = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                int seed = i;
                transfers.add(threads.submit(() -> {
                    byte[] data = content(seed, 50_000 + seed);
                    put(store, "b" + seed, data);
                    assertArrayEquals(data, get(store, "b" + seed));
                    return null;
                }));
            }
            for (Future<?> transfer : transfers) {
                transfer.get();
            }
        }
    }

    @Test
    void anUploadWaitingForTheNetworkDoesNotKeepTheChunksOfItsFinishedWrites() throws Exception {
        String reason = UringStorageProvider.unusableReason();
        assumeTrue(reason == null, () -> "io_uring is not usable here: " + reason);
        int chunk = 4096;
        Config config = new Config(Map.of("chunk-size", Integer.toString(chunk), "uring.max-buffers", "4",
                "uring.write-behind", "4"));
        byte[] first = content(1, 4 * chunk);
        byte[] second = content(2, chunk);
        try (BlobStore store = new UringStorageProvider().open(new StorageContext(root, config, System.getLogger("test")));
                ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
                BlobWriter waiting = store.create();
                BlobWriter next = store.create()) {
            // four full chunks: all four WRITEs submitted, then this upload's caller waits for more bytes
            waiting.write(ByteBuffer.wrap(first));
            // the budget is four chunks: the next upload gets one only once the first's writes give theirs back
            Future<?> written = threads.submit(() -> {
                next.write(ByteBuffer.wrap(second));
                return null;
            });
            try {
                written.get(30, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError("the second upload still waits for a chunk that the first, idle upload keeps", e);
            }
            waiting.commit("idle");
            next.commit("next");
            assertArrayEquals(first, get(store, "idle"));
            assertArrayEquals(second, get(store, "next"));
        }
    }
}

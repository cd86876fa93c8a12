package org.quicfiles.storage.local.internal.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.storage.local.internal.StoreLayout;

/**
 * The store's direct-chunk budget ({@code storage.chunk-memory}): many uploads and downloads at
 * once through a budget of two chunks all round-trip byte-exact, none waits for a chunk, and no
 * more chunks than the budget allows are ever made (before the budget, each upload allocated its
 * own, and 256 uploads at once failed with {@code OutOfMemoryError} under a small direct-memory limit).
 */
class DirectChunksTest {
    private static final int CHUNK = 8192;
    private static final int BLOBS = 16;

    @TempDir
    Path root;

    @Test
    void uploadsAndDownloadsBeyondTheBudgetWriteAndReadWithoutChunks() throws Exception {
        StoreLayout layout = new StoreLayout(root);
        layout.createFolders();
        try (NioBlobStore store = new NioBlobStore(layout, CHUNK, 2L * CHUNK, System.getLogger("test"));
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<byte[]> contents = new ArrayList<>();
            List<BlobWriter> writers = new ArrayList<>();
            for (int i = 0; i < BLOBS; i++) {
                byte[] content = new byte[5 * CHUNK + 123];
                new Random(i).nextBytes(content);
                contents.add(content);
                writers.add(store.create());
            }
            // every writer holds its chunk (if it got one) across small writes, all open at once
            for (int offset = 0; offset < contents.getFirst().length; offset += 1000) {
                for (int i = 0; i < BLOBS; i++) {
                    byte[] content = contents.get(i);
                    writers.get(i).write(ByteBuffer.wrap(content, offset, Math.min(1000, content.length - offset)));
                }
            }
            for (int i = 0; i < BLOBS; i++) {
                writers.get(i).commit("1" + i);
            }
            List<BlobReader> readers = new ArrayList<>();
            for (int i = 0; i < BLOBS; i++) {
                readers.add(store.open("1" + i));
            }
            List<Future<byte[]>> reads = new ArrayList<>();
            for (BlobReader reader : readers) {
                reads.add(threads.submit(() -> readInSmallPieces(reader)));
            }
            for (int i = 0; i < BLOBS; i++) {
                assertArrayEquals(contents.get(i), reads.get(i).get(30, TimeUnit.SECONDS), "blob " + i);
            }
            assertEquals(2, store.chunks().max());
            assertTrue(store.chunks().made() <= 2, "made " + store.chunks().made() + " chunks for a budget of two");
            assertTrue(store.chunks().made() >= 1, "the chunks were used");
        }
    }

    private static byte[] readInSmallPieces(BlobReader reader) throws Exception {
        try (reader) {
            byte[] all = new byte[(int) reader.size()];
            ByteBuffer piece = ByteBuffer.allocate(777);
            int at = 0;
            int n;
            while ((n = reader.read(piece.clear())) >= 0) {
                piece.flip();
                piece.get(all, at, n);
                at += n;
            }
            assertEquals(all.length, at);
            return all;
        }
    }
}

package org.quicfiles.testkit.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicfiles.testkit.storage.TestBlobs.content;
import static org.quicfiles.testkit.storage.TestBlobs.digest;
import static org.quicfiles.testkit.storage.TestBlobs.get;
import static org.quicfiles.testkit.storage.TestBlobs.put;
import static org.quicfiles.testkit.storage.TestBlobs.readAll;
import static org.quicfiles.testkit.storage.TestBlobs.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;

/**
 * The {@link BlobStore} contract that every storage provider must pass, whatever keeps its bytes
 * (a local folder, an object store): a provider's test extends this class, says how to open a store
 * and how to see the temporaries its backing storage holds. Use real storage, not mocks.
 */
public abstract class BlobStoreContract {
    /** The store under test, opened before each test by {@link #openStore()} and closed after it. */
    protected BlobStore store;

    /**
     * Opens a new store of the provider under test on the same backing storage (folder, bucket) as
     * every other call in the same test: a second call stands for the next start after a crash.
     * Skip with an assumption where the provider is not usable.
     */
    protected abstract BlobStore openStore() throws IOException;

    /** Store-specific names of the temporaries the backing storage holds now (unfinished uploads). */
    protected abstract List<String> temporaries() throws IOException;

    /** Leaves a temporary named after {@code name} in the backing storage, as a crashed upload would. */
    protected abstract void plantLeftover(String name) throws IOException;

    /**
     * The fewest bytes an unfinished upload must have written before its temporary exists in the
     * backing storage (1 for a store that creates it at once; a part size for one that buffers).
     */
    protected int bytesThatMakeATemporary() {
        return 1;
    }

    @BeforeEach
    void openStoreUnderTest() throws IOException {
        store = openStore();
    }

    @AfterEach
    void closeStoreUnderTest() throws IOException {
        if (store != null) {
            store.close();
        }
    }

    protected static Stream<Arguments> sizes() {
        // sizes around 4 KiB pages, the 256 KiB default chunk and read-ahead windows, plus one big blob
        return Stream.of(
                Arguments.of(1, 1), Arguments.of(100, 7), Arguments.of(4095, 1350), Arguments.of(4096, 4096),
                Arguments.of(4097, 1000), Arguments.of(256 * 1024 - 1, 65536), Arguments.of(256 * 1024, 256 * 1024),
                Arguments.of(256 * 1024 + 1, 300_000), Arguments.of(3 * 1024 * 1024 + 17, 1350),
                Arguments.of(64 * 1024 * 1024, 1024 * 1024));
    }

    @ParameterizedTest(name = "{0} bytes written in pieces of {1}")
    @MethodSource("sizes")
    void roundTripsContentOfEverySize(int size, int piece) throws IOException {
        byte[] data = content(size, size);
        BlobWriter writer = write(store, data, piece);
        writer.commit("blob" + size);
        assertFalse(writer.isOpen());
        assertTrue(store.exists("blob" + size));
        for (int readPiece : size > 8 * 1024 * 1024 ? new int[] {1 << 20} : new int[] {1, 1350, 1 << 20}) {
            if (readPiece == 1 && size > 300_000) {
                continue;
            }
            try (BlobReader reader = store.open("blob" + size)) {
                assertEquals(size, reader.size());
                byte[] back = readAll(reader, readPiece, readPiece > 1000);
                if (!Arrays.equals(data, back)) {
                    throw new AssertionError("content differs, read in pieces of " + readPiece + ": wrote "
                            + digest(data) + ", read " + digest(back));
                }
                assertEquals(-1, reader.read(ByteBuffer.allocate(10)), "read after the end");
            }
        }
    }

    @Test
    void emptyBlobRoundTrips() throws IOException {
        BlobWriter writer = store.create();
        assertEquals(0, writer.size());
        writer.commit("empty");
        try (BlobReader reader = store.open("empty")) {
            assertEquals(0, reader.size());
            assertEquals(-1, reader.read(ByteBuffer.allocate(16)));
        }
    }

    @Test
    void directSourceBuffersAreWrittenToo() throws IOException {
        byte[] data = content(5, 700_000);
        try (BlobWriter writer = store.create()) {
            ByteBuffer direct = ByteBuffer.allocateDirect(data.length);
            direct.put(data).flip();
            assertEquals(data.length, writer.write(direct));
            assertEquals(data.length, direct.position());
            writer.commit("direct");
        }
        assertArrayEquals(data, get(store, "direct"));
    }

    @Test
    void nothingIsVisibleBeforeCommit() throws IOException {
        try (BlobWriter writer = write(store, content(3, 5000), 1000)) {
            assertFalse(store.exists("pending"));
            StorageException missing = assertThrows(StorageException.class, () -> store.open("pending"));
            assertEquals(StorageException.Kind.NOT_FOUND, missing.kind());
            assertEquals(List.of(), store.ids());
            writer.commit("pending");
        }
        assertTrue(store.exists("pending"));
    }

    @Test
    void aSecondCommitOfTheSameIdReplacesTheWholeBlob() throws IOException {
        byte[] big = content(1, 2_000_000);
        byte[] small = content(2, 1000);
        put(store, "same", big);
        put(store, "same", small);
        assertArrayEquals(small, get(store, "same"));
        assertEquals(List.of("same"), store.ids());
    }

    @Test
    void aReaderNeverSeesAPartialBlob() throws Exception {
        byte[] versionA = filled('a', 1_000_000);
        byte[] versionB = filled('b', 1_700_000);
        put(store, "contended", versionA);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> writer = threads.submit(() -> {
                try {
                    for (int i = 0; i < 40; i++) {
                        put(store, "contended", i % 2 == 0 ? versionB : versionA);
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                readers.add(threads.submit(() -> {
                    int reads = 0;
                    while (writing.get() || reads == 0) {
                        byte[] seen = get(store, "contended");
                        boolean whole = Arrays.equals(seen, versionA) || Arrays.equals(seen, versionB);
                        assertTrue(whole, "a reader saw a partial or mixed blob: " + digest(seen));
                        reads++;
                    }
                    return reads;
                }));
            }
            writer.get();
            for (Future<Integer> reader : readers) {
                assertTrue(reader.get() > 0);
            }
        }
    }

    @Test
    void concurrentWritersAndReadersKeepEveryBlobIntact() throws Exception {
        int blobs = 48;
        Map<String, byte[]> expected = new java.util.concurrent.ConcurrentHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> writes = new ArrayList<>();
            for (int i = 0; i < blobs; i++) {
                int n = i;
                writes.add(threads.submit(() -> {
                    byte[] data = content(1000 + n, 1 + n * 37_001);
                    BlobWriter writer = write(store, data, 1 + n * 997);
                    writer.commit("c" + n);
                    expected.put("c" + n, data);
                    return null;
                }));
            }
            for (Future<?> write : writes) {
                write.get();
            }
            List<Future<?>> reads = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (String id : expected.keySet()) {
                    reads.add(threads.submit(() -> {
                        assertArrayEquals(expected.get(id), get(store, id), id);
                        return null;
                    }));
                }
            }
            for (Future<?> read : reads) {
                read.get();
            }
        }
        assertEquals(expected.keySet(), new HashSet<>(store.ids()));
        assertEquals(List.of(), store.leftovers());
    }

    @Test
    void closeWithoutCommitLeavesNothingBehind() throws IOException {
        BlobWriter writer = write(store, content(4, Math.max(600_000, bytesThatMakeATemporary())), 4096);
        assertEquals(1, temporaries().size(), "the temporary exists while writing");
        writer.close();
        writer.close();
        assertFalse(writer.isOpen());
        assertEquals(List.of(), temporaries());
        assertEquals(List.of(), store.ids());
        assertThrows(IllegalStateException.class, () -> writer.write(ByteBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, () -> writer.commit("late"));
        assertFalse(store.exists("late"));
    }

    @Test
    void aCommittedWriterCannotBeUsedAgain() throws IOException {
        BlobWriter writer = write(store, content(4, 10), 10);
        writer.commit("once");
        writer.close();
        assertThrows(IllegalStateException.class, () -> writer.write(ByteBuffer.allocate(1)));
        assertThrows(IllegalStateException.class, () -> writer.commit("twice"));
        assertTrue(store.exists("once"));
        assertFalse(store.exists("twice"));
    }

    @Test
    void closingTheStoreAbortsUploads() throws IOException {
        BlobWriter writer = write(store, content(5, Math.max(300_000, bytesThatMakeATemporary())), 65536);
        store.close();
        assertEquals(List.of(), temporaries());
        assertThrows(IOException.class, () -> writer.write(ByteBuffer.allocate(1)));
        store = null;
    }

    @Test
    void deletingAnOpenBlobLetsItsReaderFinish() throws IOException {
        byte[] data = content(6, 1_500_000);
        put(store, "doomed", data);
        try (BlobReader reader = store.open("doomed")) {
            ByteBuffer first = ByteBuffer.allocate(1000);
            assertEquals(1000, reader.read(first));
            assertTrue(store.delete("doomed"));
            assertFalse(store.exists("doomed"));
            assertFalse(store.delete("doomed"));
            ByteBuffer rest = ByteBuffer.allocate(data.length);
            rest.put(first.flip());
            while (rest.hasRemaining() && reader.read(rest) >= 0) {
                assertTrue(rest.position() <= data.length);
            }
            assertEquals(-1, reader.read(ByteBuffer.allocate(1)));
            assertArrayEquals(data, rest.array());
        }
        StorageException gone = assertThrows(StorageException.class, () -> store.open("doomed"));
        assertEquals(StorageException.Kind.NOT_FOUND, gone.kind());
        assertEquals(List.of(), store.ids());
    }

    @Test
    void leftoversAreListedAndRemovedButLiveUploadsAreKept() throws IOException {
        plantLeftover("crashed-1");
        plantLeftover("crashed-2");
        int liveSize = Math.max(70_000, bytesThatMakeATemporary());
        try (BlobWriter live = write(store, content(7, liveSize), 7000)) {
            List<String> leftovers = store.leftovers();
            assertEquals(2, leftovers.size(), leftovers.toString());
            assertTrue(leftovers.get(0).contains("crashed-1") && leftovers.get(1).contains("crashed-2"),
                    leftovers.toString());
            assertEquals(2, store.removeLeftovers());
            assertEquals(List.of(), store.leftovers());
            assertEquals(0, store.removeLeftovers());
            live.write(ByteBuffer.wrap(content(8, 30_000)));
            live.commit("survivor");
        }
        assertEquals(liveSize + 30_000, get(store, "survivor").length);
        assertEquals(List.of(), temporaries());
    }

    @Test
    void leftoversOfAPreviousRunAreSeenByANewStore() throws IOException {
        BlobWriter abandoned = write(store, content(9, Math.max(1000, bytesThatMakeATemporary())), 1000);
        // a second store on the same backing storage stands for the next start after a crash
        try (BlobStore next = openStore()) {
            assertEquals(1, next.leftovers().size());
            assertEquals(1, next.removeLeftovers());
        }
        abandoned.close();
        assertEquals(List.of(), temporaries());
    }

    @Test
    void idsListEveryCommittedBlobAndNoUnfinishedOne() throws IOException {
        Set<String> ids = Set.of("a", "ab", "abc", "0123456789012345", "x".repeat(64),
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-", "__");
        for (String id : ids) {
            put(store, id, id.getBytes(StandardCharsets.US_ASCII));
        }
        try (BlobWriter _ = write(store, content(9, bytesThatMakeATemporary()), 65536)) {
            assertEquals(ids, new HashSet<>(store.ids()), "an unfinished upload is no id");
        }
        for (String id : ids) {
            assertArrayEquals(id.getBytes(StandardCharsets.US_ASCII), get(store, id));
        }
    }

    @Test
    void badIdsAreRefusedBeforeTouchingTheStorage() throws IOException {
        List<String> bad = List.of("", "x".repeat(65), "../etc", "a/b", "a.b", "..", ".", "é", "a b", "a\u0000b", "a\\b");
        try (BlobWriter writer = write(store, content(10, 100), 100)) {
            for (String id : bad) {
                assertThrows(IllegalArgumentException.class, () -> store.open(id), id);
                assertThrows(IllegalArgumentException.class, () -> store.exists(id), id);
                assertThrows(IllegalArgumentException.class, () -> store.delete(id), id);
                assertThrows(IllegalArgumentException.class, () -> writer.commit(id), id);
            }
            assertThrows(NullPointerException.class, () -> store.open(null));
            assertThrows(NullPointerException.class, () -> writer.commit(null));
        }
        assertEquals(List.of(), temporaries());
        assertEquals(List.of(), store.ids());
    }

    @Test
    void openingAMissingBlobIsNotFound() throws IOException {
        StorageException e = assertThrows(StorageException.class, () -> store.open("nothere"));
        assertEquals(StorageException.Kind.NOT_FOUND, e.kind());
        assertFalse(store.delete("nothere") || store.exists("nothere"));
    }

    private static byte[] filled(char c, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}

package org.quicfiles.storage.uring.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicfiles.storage.uring.internal.TestBlobs.content;
import static org.quicfiles.storage.uring.internal.TestBlobs.digest;
import static org.quicfiles.storage.uring.internal.TestBlobs.get;
import static org.quicfiles.storage.uring.internal.TestBlobs.put;
import static org.quicfiles.storage.uring.internal.TestBlobs.readAll;
import static org.quicfiles.storage.uring.internal.TestBlobs.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;

/**
 * The {@link BlobStore} contract, run against every local provider: each provider's test extends
 * this class and names its {@link #provider()}. Real files in a temporary folder; no mocks.
 */
public abstract class BlobStoreContract {
    private static final System.Logger LOGGER = System.getLogger("storage-test");

    @TempDir
    protected Path root;
    protected BlobStore store;

    /** The provider under test; it must be usable (subclasses skip with an assumption otherwise). */
    protected abstract StorageProvider provider();

    /** Opens a store of the provider under test on {@code directory}. */
    protected BlobStore openStore(Path directory) throws IOException {
        StorageProvider provider = provider();
        assumeTrue(provider.isUsable(), "provider " + provider.name() + " is not usable here");
        return provider.open(new StorageContext(directory, Config.empty(), LOGGER));
    }

    @BeforeEach
    void openStore() throws IOException {
        store = openStore(root);
    }

    @AfterEach
    void closeStore() throws IOException {
        if (store != null) {
            store.close();
        }
    }

    static Stream<Arguments> sizes() {
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
    void committedBlobsFollowTheSharedLayout() throws IOException {
        put(store, "AbCdef", content(1, 10));
        put(store, "Z", content(2, 10));
        assertTrue(Files.isRegularFile(root.resolve("files/Ab/AbCdef")));
        assertTrue(Files.isRegularFile(root.resolve("files/Z/Z")));
        try (Stream<Path> uploads = Files.list(root.resolve("uploads"))) {
            assertEquals(0, uploads.count(), "uploads/ after commits");
        }
    }

    @Test
    void theLayoutVersionMarkerIsWrittenOnFirstOpen() throws IOException {
        assertEquals(StoreLayout.VERSION + "\n", Files.readString(root.resolve(StoreLayout.MARKER)));
        assertEquals("rw-------", mode(root.resolve(StoreLayout.MARKER)));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(Set.of("files", "uploads", StoreLayout.MARKER),
                    entries.map(entry -> entry.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aFolderWithoutMarkerIsAdoptedAsLayoutOneAndKeepsItsBlobs() throws IOException {
        put(store, "Legacy", content(5, 1000));
        store.close();
        store = null;
        Files.delete(root.resolve(StoreLayout.MARKER)); // as a folder written before markers existed
        store = openStore(root);
        assertEquals(StoreLayout.VERSION + "\n", Files.readString(root.resolve(StoreLayout.MARKER)));
        assertArrayEquals(content(5, 1000), get(store, "Legacy"));
    }

    @Test
    void aNewerOrMalformedLayoutRefusesToOpenAndCreatesNothing() throws IOException {
        Path newer = Files.createDirectory(root.resolve("newer"));
        Files.writeString(newer.resolve(StoreLayout.MARKER), "2\n");
        IOException refused = assertThrows(IOException.class, () -> openStore(newer));
        assertTrue(refused.getMessage().startsWith("blob folder " + newer + " has layout version 2 ("),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("this quicfiles reads version 1 only"), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(newer.resolve("files")), "nothing created in a folder it refused");

        Path malformed = Files.createDirectory(root.resolve("malformed"));
        Files.writeString(malformed.resolve(StoreLayout.MARKER), "one\n");
        IOException bad = assertThrows(IOException.class, () -> openStore(malformed));
        assertEquals("blob folder layout marker " + malformed.resolve(StoreLayout.MARKER)
                + " is malformed ('one', expected a version number)", bad.getMessage());
    }

    @Test
    void blobsTemporariesAndFoldersAreTheServerUsersOnly() throws IOException {
        put(store, "AbCdef", content(1, 10));
        try (BlobWriter unfinished = write(store, content(3, 100), 100);
             Stream<Path> uploads = Files.list(root.resolve("uploads"))) {
            List<Path> temporaries = uploads.toList();
            assertEquals(1, temporaries.size(), unfinished.toString());
            assertEquals("rw-------", mode(temporaries.getFirst()));
        }
        assertEquals("rw-------", mode(root.resolve("files/Ab/AbCdef")));
        for (String folder : new String[] {"files", "files/Ab", "uploads"}) {
            assertEquals("rwx------", mode(root.resolve(folder)), folder);
        }
    }

    private static String mode(Path path) throws IOException {
        return java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
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
        BlobWriter writer = write(store, content(4, 600_000), 4096);
        assertEquals(1, listUploads().size(), "the temporary exists while writing");
        writer.close();
        writer.close();
        assertFalse(writer.isOpen());
        assertEquals(List.of(), listUploads());
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
        BlobWriter writer = write(store, content(5, 300_000), 65536);
        store.close();
        assertEquals(List.of(), listUploads());
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
        Files.writeString(root.resolve("uploads/crashed-1.part"), "half an upload");
        Files.write(root.resolve("uploads/crashed-2.part"), new byte[0]);
        try (BlobWriter live = write(store, content(7, 70_000), 7000)) {
            assertEquals(List.of("crashed-1.part", "crashed-2.part"), store.leftovers());
            assertEquals(2, store.removeLeftovers());
            assertEquals(List.of(), store.leftovers());
            assertEquals(0, store.removeLeftovers());
            live.write(ByteBuffer.wrap(content(8, 30_000)));
            live.commit("survivor");
        }
        assertEquals(100_000, get(store, "survivor").length);
        assertEquals(List.of(), listUploads());
    }

    @Test
    void leftoversOfAPreviousRunAreSeenByANewStore() throws IOException {
        BlobWriter abandoned = write(store, content(9, 1000), 1000);
        // a second store on the same folder stands for the next start after a crash
        try (BlobStore next = openStore(root)) {
            assertEquals(1, next.leftovers().size());
            assertEquals(1, next.removeLeftovers());
        }
        abandoned.close();
        assertEquals(List.of(), listUploads());
    }

    @Test
    void idsListOnlyCommittedBlobsAndIgnoreStrayFiles() throws IOException {
        Set<String> ids = Set.of("a", "ab", "abc", "0123456789012345", "x".repeat(64),
                "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA-", "__");
        for (String id : ids) {
            put(store, id, id.getBytes(StandardCharsets.US_ASCII));
        }
        Files.createDirectories(root.resolve("files/zz"));
        Files.writeString(root.resolve("files/zz/notzz"), "misplaced");
        Files.writeString(root.resolve("files/zz/zz.tmp"), "not an id");
        Files.writeString(root.resolve("files/stray"), "not in a shard");
        assertEquals(ids, new HashSet<>(store.ids()));
        for (String id : ids) {
            assertArrayEquals(id.getBytes(StandardCharsets.US_ASCII), get(store, id));
        }
    }

    @Test
    void badIdsAreRefusedBeforeTouchingTheDisk() throws IOException {
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
        assertEquals(List.of(), listUploads());
        assertEquals(List.of(), store.ids());
        try (Stream<Path> all = Files.walk(root)) {
            assertEquals(List.of(root.resolve(StoreLayout.MARKER)), all.filter(Files::isRegularFile).toList(),
                    "nothing but the layout marker written at open");
        }
    }

    @Test
    void openingAMissingBlobIsNotFound() throws IOException {
        StorageException e = assertThrows(StorageException.class, () -> store.open("nothere"));
        assertEquals(StorageException.Kind.NOT_FOUND, e.kind());
        assertFalse(store.delete("nothere") || store.exists("nothere"));
    }

    @Test
    void aFullDeviceIsNoSpaceAndLeavesNothingBehind() throws Exception {
        Path small = Files.createDirectories(root.resolve("small"));
        try (SmallFilesystem _ = SmallFilesystem.mount(small, "1m")) {
            try (BlobStore full = openStore(small)) {
                put(full, "fits", content(11, 100_000));
                BlobWriter writer = full.create();
                StorageException e = assertThrows(StorageException.class, () -> {
                    for (int i = 0; i < 64; i++) {
                        writer.write(ByteBuffer.wrap(content(i, 64 * 1024)));
                    }
                    writer.commit("toobig");
                });
                assertEquals(StorageException.Kind.NO_SPACE, e.kind(), e.toString());
                writer.close();
                assertFalse(full.exists("toobig"));
                try (Stream<Path> uploads = Files.list(small.resolve("uploads"))) {
                    assertEquals(0, uploads.count(), "uploads/ after a failed upload");
                }
                assertArrayEquals(content(11, 100_000), get(full, "fits"));
                put(full, "after", content(12, 1000));
                assertTrue(full.exists("after"));
            }
        }
    }

    @Test
    void anInputOutputErrorIsIoError() {
        assumeTrue(false, "EIO cannot be produced on this machine: the kernel has no device-mapper"
                + " (no dm 'error' target) and nothing else here fails reads with EIO on demand;"
                + " the errno mapping itself is covered by StorageErrorsTest");
    }

    protected List<String> listUploads() throws IOException {
        try (Stream<Path> uploads = Files.list(root.resolve("uploads"))) {
            return uploads.map(p -> p.getFileName().toString()).toList();
        }
    }

    private static byte[] filled(char c, int size) {
        byte[] bytes = new byte[size];
        Arrays.fill(bytes, (byte) c);
        return bytes;
    }
}

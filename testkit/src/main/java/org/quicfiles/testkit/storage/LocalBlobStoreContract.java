package org.quicfiles.testkit.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.quicfiles.testkit.storage.TestBlobs.content;
import static org.quicfiles.testkit.storage.TestBlobs.get;
import static org.quicfiles.testkit.storage.TestBlobs.put;
import static org.quicfiles.testkit.storage.TestBlobs.write;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.testkit.storage.BlobStoreContract;

/**
 * The api-level contract plus what every provider of the local-disk layout ({@code storage-local}'s
 * {@code nio}, {@code storage-uring}'s {@code uring}) must keep: the on-disk layout and its version
 * marker (decision note 0418), file modes, stray files, a full device. The layout is spelled out
 * here, not imported, so that a provider cannot change the format and its test together. Real files
 * in a temporary folder; no mocks.
 */
public abstract class LocalBlobStoreContract extends BlobStoreContract {
    private static final System.Logger LOGGER = System.getLogger("storage-test");
    /** The layout version the local providers write and read (decision note 0418). */
    private static final int LAYOUT_VERSION = 1;
    /** The marker file at the root of a blob folder. */
    private static final String LAYOUT_MARKER = "layout-version";

    @TempDir
    protected Path root;

    /** The provider under test; it must be usable (subclasses skip with an assumption otherwise). */
    protected abstract StorageProvider provider();

    /** Opens a store of the provider under test on {@code directory}. */
    protected BlobStore openStore(Path directory) throws IOException {
        StorageProvider provider = provider();
        assumeTrue(provider.isUsable(), "provider " + provider.name() + " is not usable here");
        return provider.open(new StorageContext(directory, Config.empty(), LOGGER));
    }

    @Override
    protected BlobStore openStore() throws IOException {
        return openStore(root);
    }

    @Override
    protected List<String> temporaries() throws IOException {
        try (Stream<Path> uploads = Files.list(root.resolve("uploads"))) {
            return uploads.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Override
    protected void plantLeftover(String name) throws IOException {
        Files.writeString(root.resolve("uploads/" + name + ".part"), "half an upload");
    }

    @Test
    void committedBlobsFollowTheSharedLayout() throws IOException {
        put(store, "AbCdef", content(1, 10));
        put(store, "Z", content(2, 10));
        assertTrue(Files.isRegularFile(root.resolve("files/Ab/AbCdef")));
        assertTrue(Files.isRegularFile(root.resolve("files/Z/Z")));
        assertEquals(List.of(), temporaries(), "uploads/ after commits");
    }

    @Test
    void theLayoutVersionMarkerIsWrittenOnFirstOpen() throws IOException {
        assertEquals(LAYOUT_VERSION + "\n", Files.readString(root.resolve(LAYOUT_MARKER)));
        assertEquals("rw-------", mode(root.resolve(LAYOUT_MARKER)));
        try (Stream<Path> entries = Files.list(root)) {
            assertEquals(Set.of("files", "uploads", LAYOUT_MARKER),
                    entries.map(entry -> entry.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aFolderWithoutMarkerIsAdoptedAsLayoutOneAndKeepsItsBlobs() throws IOException {
        put(store, "Legacy", content(5, 1000));
        store.close();
        store = null;
        Files.delete(root.resolve(LAYOUT_MARKER)); // as a folder written before markers existed
        store = openStore(root);
        assertEquals(LAYOUT_VERSION + "\n", Files.readString(root.resolve(LAYOUT_MARKER)));
        assertArrayEquals(content(5, 1000), get(store, "Legacy"));
    }

    @Test
    void aNewerOrMalformedLayoutRefusesToOpenAndCreatesNothing() throws IOException {
        Path newer = Files.createDirectory(root.resolve("newer"));
        Files.writeString(newer.resolve(LAYOUT_MARKER), "2\n");
        IOException refused = assertThrows(IOException.class, () -> openStore(newer));
        assertTrue(refused.getMessage().startsWith("blob folder " + newer + " has layout version 2 ("),
                refused.getMessage());
        assertTrue(refused.getMessage().contains("this quicfiles reads version 1 only"), refused.getMessage());
        assertFalse(refused.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(newer.resolve("files")), "nothing created in a folder it refused");

        Path malformed = Files.createDirectory(root.resolve("malformed"));
        Files.writeString(malformed.resolve(LAYOUT_MARKER), "one\n");
        IOException bad = assertThrows(IOException.class, () -> openStore(malformed));
        assertEquals("blob folder layout marker " + malformed.resolve(LAYOUT_MARKER)
                + " is malformed ('one', expected a version number)", bad.getMessage());
    }

    @Test
    void blobsTemporariesAndFoldersAreTheServerUsersOnly() throws IOException {
        put(store, "AbCdef", content(1, 10));
        try (BlobWriter unfinished = write(store, content(3, 100), 100)) {
            List<String> temporaries = temporaries();
            assertEquals(1, temporaries.size(), unfinished.toString());
            assertEquals("rw-------", mode(root.resolve("uploads").resolve(temporaries.getFirst())));
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
    void idsIgnoreStrayFiles() throws IOException {
        Set<String> ids = Set.of("zz", "ab");
        for (String id : ids) {
            put(store, id, id.getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(root.resolve("files/zz/notzz"), "misplaced");
        Files.writeString(root.resolve("files/zz/zz.tmp"), "not an id");
        Files.writeString(root.resolve("files/stray"), "not in a shard");
        assertEquals(ids, new HashSet<>(store.ids()));
    }

    @Test
    void badIdsLeaveNoFileOnDisk() throws IOException {
        try (BlobWriter writer = write(store, content(10, 100), 100)) {
            for (String id : List.of("../etc", "a/b", "..", "a\\b")) {
                assertThrows(IllegalArgumentException.class, () -> writer.commit(id), id);
            }
        }
        try (Stream<Path> all = Files.walk(root)) {
            assertEquals(List.of(root.resolve(LAYOUT_MARKER)), all.filter(Files::isRegularFile).toList(),
                    "nothing but the layout marker written at open");
        }
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
}

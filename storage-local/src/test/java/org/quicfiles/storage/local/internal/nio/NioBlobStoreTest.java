package org.quicfiles.storage.local.internal.nio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicfiles.testkit.storage.TestBlobs.content;
import static org.quicfiles.testkit.storage.TestBlobs.get;
import static org.quicfiles.testkit.storage.TestBlobs.put;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.testkit.storage.LocalBlobStoreContract;

/** The contract, against the portable provider. */
class NioBlobStoreTest extends LocalBlobStoreContract {
    @Override
    protected StorageProvider provider() {
        return new NioStorageProvider();
    }

    @Test
    void isFoundByServiceLoaderAndAlwaysUsable() {
        // the module itself declares no `uses`; the test adds it for itself
        getClass().getModule().addUses(StorageProvider.class);
        StorageProvider nio = ServiceLoader.load(StorageProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("nio")).findFirst().orElseThrow();
        assertTrue(nio.isUsable());
        assertEquals(10, nio.priority());
        assertTrue(store.describe().startsWith("nio "), store.describe());
    }

    @Test
    void aCommittedUploadLendsItsChunkToTheNext() throws IOException {
        DirectChunks chunks = ((NioBlobStore) store).chunks();
        ByteBuffer first = chunks.tryTake();
        chunks.give(first);
        assertSame(first, chunks.tryTake(), "a chunk given back is lent again, not a new one allocated");
        chunks.give(first);
        for (int i = 0; i < 40; i++) {
            byte[] data = content(i, 1000 + i);
            put(store, "small" + i, data);
            assertArrayEquals(data, get(store, "small" + i));
        }
        // before, every upload allocated (and zeroed) its own 256 KiB direct buffer, even for 1 KB
        assertTrue(chunks.made() <= 2, "uploads one after another share chunks: " + chunks.made() + " made");
    }

    @Test
    void aDirectDestinationIsReadIntoWithoutAReadAheadChunk() throws IOException {
        DirectChunks chunks = ((NioBlobStore) store).chunks();
        byte[] data = content(7, 100_000);
        put(store, "direct", data);
        int kept = chunks.kept();
        assertTrue(kept > 0, "the upload gave its chunk back");
        for (boolean direct : new boolean[] {true, false}) {
            ByteBuffer dst = direct ? ByteBuffer.allocateDirect(NioBlobReader.DIRECT_READ_MIN)
                    : ByteBuffer.allocate(NioBlobReader.DIRECT_READ_MIN);
            ByteBuffer all = ByteBuffer.allocate(data.length);
            try (var reader = store.open("direct")) {
                while (reader.read(dst.clear()) >= 0) {
                    all.put(dst.flip());
                }
                // a heap destination smaller than a chunk is served from one read ahead (fewer system
                // calls); a direct one, e.g. a transport's send memory, is read into with no copy
                assertEquals(direct ? kept : kept - 1, chunks.kept(), direct ? "direct" : "heap");
            }
            assertArrayEquals(data, all.array(), direct ? "direct" : "heap");
        }
    }
}

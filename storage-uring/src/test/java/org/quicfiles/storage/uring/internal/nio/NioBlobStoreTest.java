package org.quicfiles.storage.uring.internal.nio;

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
import org.quicfiles.storage.uring.internal.LocalBlobStoreContract;

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
    void aCommittedUploadLendsItsBufferToTheNextAndIdleBuffersStayBounded() throws IOException {
        NioBlobStore nio = (NioBlobStore) store;
        ByteBuffer first = nio.takeChunk();
        nio.giveBackChunk(first);
        assertSame(first, nio.takeChunk(), "an idle buffer is reused, not a new one allocated");
        nio.giveBackChunk(first);
        for (int i = 0; i < NioBlobStore.MAX_IDLE_CHUNKS + 8; i++) {
            byte[] data = content(i, 1000 + i);
            put(store, "small" + i, data);
            assertArrayEquals(data, get(store, "small" + i));
        }
        // more buffers given back than may stay idle: only MAX_IDLE_CHUNKS of them come back out
        java.util.Set<ByteBuffer> given = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (int i = 0; i < NioBlobStore.MAX_IDLE_CHUNKS + 8; i++) {
            given.add(nio.takeChunk());
        }
        given.forEach(nio::giveBackChunk);
        int kept = 0;
        for (int i = 0; i < NioBlobStore.MAX_IDLE_CHUNKS + 8; i++) {
            if (given.contains(nio.takeChunk())) {
                kept++;
            }
        }
        assertEquals(NioBlobStore.MAX_IDLE_CHUNKS, kept, "at most MAX_IDLE_CHUNKS buffers are kept idle");
    }
}

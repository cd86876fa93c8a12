package org.quicfiles.storage.uring.internal.nio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}

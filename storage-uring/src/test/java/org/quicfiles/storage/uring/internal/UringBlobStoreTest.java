package org.quicfiles.storage.uring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.testkit.storage.LocalBlobStoreContract;

/** The contract, against the io_uring provider; skipped, with the probe's reason, where io_uring does not work. */
class UringBlobStoreTest extends LocalBlobStoreContract {
    @BeforeAll
    static void sayWhyWhenSkipping() {
        String reason = UringStorageProvider.unusableReason();
        if (reason != null) {
            System.out.println("SKIPPED UringBlobStoreTest: io_uring is not usable here: " + reason);
        }
    }

    /** Every test is reported skipped, with the probe's reason, where io_uring does not work. */
    @Override
    protected BlobStore openStore(Path directory) throws IOException {
        String reason = UringStorageProvider.unusableReason();
        assumeTrue(reason == null, () -> "io_uring is not usable here: " + reason);
        return super.openStore(directory);
    }

    @Override
    protected StorageProvider provider() {
        return new UringStorageProvider();
    }

    @Test
    void isFoundByServiceLoaderButNioIsPreferredForNow() {
        getClass().getModule().addUses(StorageProvider.class);
        StorageProvider chosen = ServiceLoader.load(StorageProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(StorageProvider::isUsable)
                .max((a, b) -> Integer.compare(a.priority(), b.priority())).orElseThrow();
        assertEquals("nio", chosen.name(), "decision note 0203");
        assertTrue(store.describe().startsWith("uring "), store.describe());
    }
}

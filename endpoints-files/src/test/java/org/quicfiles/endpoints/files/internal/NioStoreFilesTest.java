package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobStore;

/**
 * The files contract over the real {@code nio} store of {@code storage-local}, loaded from its own
 * module layer ({@link StorageModules}). Skipped, with the reason, while that module does not yet
 * provide a {@code nio} store.
 */
class NioStoreFilesTest extends FilesEndpointContract {
    private static Optional<StorageProvider> nio;

    @BeforeAll
    static void findProvider() {
        nio = StorageModules.provider("nio");
        assumeTrue(nio.isPresent(), "storage-local provides no 'nio' store");
    }

    @Override
    BlobStore openStore(Path folder) throws Exception {
        return nio.orElseThrow().open(new StorageContext(folder, Config.empty(), System.getLogger("quicfiles.storage.test")));
    }
}

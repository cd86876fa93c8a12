package org.quicfiles.endpoints.files.internal;

import java.nio.file.Path;
import org.quicfiles.api.storage.BlobStore;

/** The files contract over the tests' own plain-file store. */
class DirectoryStoreFilesTest extends FilesEndpointContract {
    @Override
    BlobStore openStore(Path folder) throws Exception {
        return new DirectoryBlobStore(folder);
    }
}

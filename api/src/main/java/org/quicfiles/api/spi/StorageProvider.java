package org.quicfiles.api.spi;

import java.io.IOException;
import org.quicfiles.api.storage.BlobStore;

/**
 * A blob storage implementation. Among the usable providers the server picks the one with the
 * highest {@link #priority()}, unless the operator names one.
 */
public interface StorageProvider {
    /** A stable name, e.g. {@code nio} or {@code uring}, used to force this provider. */
    String name();

    /**
     * Whether this provider can work here; checked for real (e.g. by trying io_uring), not guessed.
     * Must not throw.
     */
    boolean isUsable();

    /** Higher wins among usable providers. */
    int priority();

    /**
     * Opens a blob store.
     *
     * @param context where and how
     * @throws IOException if the store cannot be opened
     */
    BlobStore open(StorageContext context) throws IOException;
}

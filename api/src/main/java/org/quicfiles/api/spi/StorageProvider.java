package org.quicfiles.api.spi;

import java.io.IOException;
import java.util.Set;
import org.quicfiles.api.storage.BlobStore;

/**
 * A blob storage implementation. Among the usable providers the server picks the one with the
 * highest {@link #priority()}, unless the operator names one.
 *
 * @since 0.1.0 (api version 1)
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

    /**
     * The configuration keys this provider reads, relative to the {@code storage.} section that
     * every storage provider shares: {@code chunk-size} is set as {@code storage.chunk-size}. Keys
     * that several providers read are declared by each. The server refuses to start when the
     * operator sets a key that no provider declares (a misspelt key would otherwise be silently
     * ignored) and names the nearest declared one. Declare every key read, including those with
     * defaults; the default declares none.
     *
     * @return the keys, e.g. {@code Set.of("chunk-size", "uring.threads")}; not null, may be empty
     * @since 0.1.0 (api version 1: a default method, so providers built before it still load)
     */
    default Set<String> configKeys() {
        return Set.of();
    }
}

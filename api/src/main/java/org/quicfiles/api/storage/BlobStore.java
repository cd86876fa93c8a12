package org.quicfiles.api.storage;

import java.io.IOException;
import java.util.List;

/**
 * Content storage addressed by file id. Thread-safe: many uploads and downloads run at once.
 *
 * <p>Ids given to this interface have already been validated by the caller (44 URL-safe base64
 * characters or 1 to 16 digits); a store may still refuse anything else with
 * {@link IllegalArgumentException}.
 *
 * @since 0.1.0 (api version 1)
 */
public interface BlobStore extends AutoCloseable {
    /**
     * Starts a new temporary blob. Nothing is visible under any id until
     * {@link BlobWriter#commit(String)}.
     *
     * @throws StorageException if the temporary cannot be created (e.g. {@link StorageException.Kind#NO_SPACE})
     */
    BlobWriter create() throws IOException;

    /**
     * Opens a committed blob for reading.
     *
     * @throws StorageException with {@link StorageException.Kind#NOT_FOUND} if there is none
     */
    BlobReader open(String id) throws IOException;

    /** Whether a committed blob with this id exists. */
    boolean exists(String id) throws IOException;

    /**
     * Deletes a committed blob. Readers that already opened it may finish reading it.
     *
     * @return whether there was one
     */
    boolean delete(String id) throws IOException;

    /** The ids of all committed blobs, for reconciliation with the metadata at start-up. */
    List<String> ids() throws IOException;

    /** Temporaries left behind (e.g. by a crash), as store-specific names for logs. */
    List<String> leftovers() throws IOException;

    /**
     * Removes all temporaries left behind. Called at start-up, before any upload begins.
     *
     * @return how many were removed
     */
    int removeLeftovers() throws IOException;

    /** A short description for logs, e.g. {@code "nio /var/lib/quicfiles"}. */
    String describe();

    /** Releases the store's resources; uploads not committed are aborted. */
    @Override
    void close() throws IOException;
}

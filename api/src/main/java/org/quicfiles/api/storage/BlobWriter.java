package org.quicfiles.api.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * A temporary blob being written. Write the content in chunks, then {@link #commit(String)} it;
 * {@link #close()} without a commit aborts and removes the temporary. Not thread-safe.
 *
 * @since 0.1.0 (api version 1)
 */
public interface BlobWriter extends WritableByteChannel {
    /**
     * Appends all of {@code src}.
     *
     * @return the number of bytes written, always {@code src.remaining()} on entry
     * @throws StorageException on a storage failure, e.g. {@link StorageException.Kind#NO_SPACE}
     */
    @Override
    int write(ByteBuffer src) throws IOException;

    /** How many bytes were written so far. */
    long size();

    /**
     * Makes the content durable (fsync) and visible under {@code id} atomically: a reader sees the
     * whole blob or none. An existing blob with the same id is replaced. Closes this writer.
     *
     * @throws StorageException if the content could not be made durable; nothing is visible then
     */
    void commit(String id) throws IOException;

    /** Aborts the blob unless it was committed; idempotent. */
    @Override
    void close() throws IOException;
}

package org.quicfiles.api.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * A committed blob opened for reading, front to back, in chunks. Implementations may read ahead.
 * Close it as soon as it is no longer needed: it holds a file handle. Not thread-safe.
 *
 * @since 0.1.0 (api version 1)
 */
public interface BlobReader extends ReadableByteChannel {
    /**
     * Reads the next bytes into {@code dst}.
     *
     * @return the number of bytes read, or -1 at the end of the blob
     * @throws StorageException on a storage failure
     */
    @Override
    int read(ByteBuffer dst) throws IOException;

    /** The blob's size in bytes. */
    long size();
}

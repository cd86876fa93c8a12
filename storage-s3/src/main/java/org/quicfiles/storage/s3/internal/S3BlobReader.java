package org.quicfiles.storage.s3.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.StorageException;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;

/**
 * One streaming GET: the bytes come off the HTTP response as the caller reads, so memory stays at
 * one copy buffer whatever the blob's size.
 */
final class S3BlobReader implements BlobReader {
    private static final int COPY = 64 * 1024;
    private final ResponseInputStream<GetObjectResponse> body;
    private final long size;
    private long read;
    private byte[] copy;
    private boolean open = true;

    S3BlobReader(ResponseInputStream<GetObjectResponse> body, Long size) {
        this.body = body;
        this.size = size == null ? -1 : size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!open) {
            throw new ClosedChannelException();
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        int n;
        try {
            if (dst.hasArray()) {
                n = body.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
                if (n > 0) {
                    dst.position(dst.position() + n);
                }
            } else {
                if (copy == null) {
                    copy = new byte[COPY];
                }
                n = body.read(copy, 0, Math.min(copy.length, dst.remaining()));
                if (n > 0) {
                    dst.put(copy, 0, n);
                }
            }
        } catch (IOException e) {
            throw new StorageException(StorageException.Kind.IO_ERROR, "reading from S3: " + e.getMessage(), e);
        }
        if (n < 0) {
            if (size >= 0 && read != size) {
                throw new StorageException(StorageException.Kind.IO_ERROR, "S3 response ended after " + read
                        + " of " + size + " bytes", null);
            }
            return -1;
        }
        read += n;
        return n;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (open) {
            open = false;
            if (read < size) {
                body.abort(); // rather than draining the rest of a big blob to reuse the connection
            }
            body.close();
        }
    }
}

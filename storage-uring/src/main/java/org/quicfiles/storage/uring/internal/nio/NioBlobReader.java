package org.quicfiles.storage.uring.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.storage.uring.internal.StorageErrors;

/**
 * A committed blob read through a {@link FileChannel} in chunk-sized reads: a large destination is
 * filled directly, a small one is served from one chunk read ahead into a direct buffer. The
 * kernel's own read-ahead, triggered by the sequential pattern, keeps the next chunks coming.
 */
final class NioBlobReader implements BlobReader {
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer chunk;

    NioBlobReader(FileChannel channel, long size, int chunkSize) {
        this.channel = channel;
        this.size = size;
        this.chunk = ByteBuffer.allocateDirect(chunkSize).flip();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!channel.isOpen()) {
            throw new ClosedChannelException();
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        try {
            if (!chunk.hasRemaining()) {
                if (dst.remaining() >= chunk.capacity()) {
                    return channel.read(dst);
                }
                chunk.clear();
                int filled = channel.read(chunk);
                chunk.flip();
                if (filled < 0) {
                    return -1;
                }
            }
            int take = Math.min(dst.remaining(), chunk.remaining());
            dst.put(dst.position(), chunk, chunk.position(), take);
            dst.position(dst.position() + take);
            chunk.position(chunk.position() + take);
            return take;
        } catch (ClosedChannelException e) {
            throw e;
        } catch (IOException e) {
            throw StorageErrors.fromIo("read blob", e);
        }
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean isOpen() {
        return channel.isOpen();
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}

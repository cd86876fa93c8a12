package org.quicfiles.storage.local.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.storage.local.internal.StorageErrors;

/**
 * A committed blob read through a {@link FileChannel} in chunk-sized reads: a destination that can
 * take a whole chunk, or the whole rest of the blob, or a direct one of at least
 * {@link #DIRECT_READ_MIN}, is filled directly; a smaller one is served
 * from one chunk read ahead into a direct buffer borrowed from the store's {@link DirectChunks}
 * only then (a 1 KB GET must not allocate and zero a 256 KiB buffer: issue 16's profile found 57 %
 * of the server's CPU there), or filled directly when the budget is lent out. The kernel's own read-ahead, triggered by the sequential pattern, keeps the
 * next chunks coming.
 */
final class NioBlobReader implements BlobReader {
    /**
     * A direct destination at least this large (or taking the rest of the blob) is read into
     * directly: no copy through the JDK's bounce buffer or a read-ahead chunk, which for a transport
     * reading into its send memory ({@code StreamExchange.transferFrom}) is the only copy left.
     */
    static final int DIRECT_READ_MIN = 16 * 1024;

    private final FileChannel channel;
    private final long size;
    private final int chunkSize;
    private final DirectChunks chunks;
    /** The read-ahead chunk, or null until a small destination needs one (and one can be borrowed). */
    private ByteBuffer chunk;
    /** Bytes read from the file so far (into a destination or the chunk). */
    private long position;

    NioBlobReader(FileChannel channel, long size, DirectChunks chunks) {
        this.channel = channel;
        this.size = size;
        this.chunkSize = chunks.chunkSize();
        this.chunks = chunks;
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
            if (chunk == null || !chunk.hasRemaining()) {
                long left = size - position;
                boolean direct = dst.remaining() >= Math.min(dst.isDirect() ? DIRECT_READ_MIN : chunkSize, left);
                if (chunk == null && !direct) {
                    chunk = chunks.tryTake();
                }
                if (chunk == null || direct) {
                    int n = channel.read(dst);
                    position += Math.max(n, 0);
                    return n;
                }
                chunk.clear().limit((int) Math.min(chunkSize, left));
                int filled = channel.read(chunk);
                chunk.flip();
                if (filled < 0) {
                    return -1;
                }
                position += filled;
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
        if (chunk != null) {
            chunks.give(chunk);
            chunk = null;
        }
        channel.close();
    }
}

package org.quicfiles.storage.uring.internal;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.StorageException;

/**
 * A committed blob read through io_uring with read-ahead: up to {@code depth} chunk-sized READs are
 * in flight ahead of the caller, each into a chunk of the store's {@link ChunkPool}; {@link #read} hands out the
 * oldest chunk and submits the next one, so the disk works while the caller sends.
 */
final class UringBlobReader implements BlobReader {
    private record Pending(ByteBuf chunk, long offset, int length, CompletableFuture<Integer> result) {
    }

    private final UringFiles files;
    private final int fd;
    private final long size;
    private final ChunkPool pool;
    private final int depth;
    private final ArrayDeque<Pending> ahead = new ArrayDeque<>();
    private ByteBuf current;
    /** The readable bytes of {@code current}, as one view taken per chunk (cheap per-call copies). */
    private ByteBuffer currentView;
    private long nextOffset;
    private boolean closed;

    UringBlobReader(UringFiles files, int fd, long size, ChunkPool pool, int depth) throws StorageException {
        this.files = files;
        this.fd = fd;
        this.size = size;
        this.pool = pool;
        this.depth = depth;
        // the first chunks are on their way while the caller sends its response head
        refill();
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (closed) {
            throw new ClosedChannelException();
        }
        if (!dst.hasRemaining()) {
            return 0;
        }
        if (currentView == null || !currentView.hasRemaining()) {
            releaseCurrent();
            refill();
            if (ahead.isEmpty()) {
                return -1;
            }
            current = take(ahead.poll());
            currentView = current.nioBuffer();
            refill();
            if (!currentView.hasRemaining()) {
                return -1;
            }
        }
        int count = Math.min(dst.remaining(), currentView.remaining());
        dst.put(dst.position(), currentView, currentView.position(), count);
        dst.position(dst.position() + count);
        currentView.position(currentView.position() + count);
        return count;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public boolean isOpen() {
        return !closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        while (!ahead.isEmpty()) {
            Pending read = ahead.poll();
            try {
                UringFiles.await(read.result());
            } catch (StorageException ignored) {
                // the ring is gone: nothing reads into the buffer any more
            }
            pool.release(read.chunk());
        }
        releaseCurrent();
        files.close(fd);
    }

    /** Keeps up to {@code depth} reads in flight until the end of the blob. */
    private void refill() throws StorageException {
        while (ahead.size() < depth && nextOffset < size) {
            int length = (int) Math.min(pool.chunkSize(), size - nextOffset);
            // beyond the one chunk needed now, read ahead only with spare buffers: never wait holding some
            ByteBuf chunk = ahead.isEmpty() && current == null ? pool.acquire() : pool.tryAcquire();
            if (chunk == null) {
                return;
            }
            ahead.add(new Pending(chunk, nextOffset, length, files.read(fd, nextOffset, chunk.memoryAddress(), length)));
            nextOffset += length;
        }
    }

    /** Waits for a read; a short one (rare on files) is finished synchronously, a premature end stays short. */
    private ByteBuf take(Pending read) throws StorageException {
        ByteBuf chunk = read.chunk();
        try {
            int done = UringFiles.check(UringFiles.await(read.result()), "read blob");
            while (done > 0 && done < read.length()) {
                int more = UringFiles.check(UringFiles.await(files.read(fd, read.offset() + done,
                        chunk.memoryAddress() + done, read.length() - done)), "read blob");
                if (more == 0) {
                    break;
                }
                done += more;
            }
            chunk.writerIndex(done);
            return chunk;
        } catch (StorageException | RuntimeException e) {
            pool.release(chunk);
            throw e;
        }
    }

    private void releaseCurrent() {
        if (current != null) {
            pool.release(current);
            current = null;
            currentView = null;
        }
    }
}

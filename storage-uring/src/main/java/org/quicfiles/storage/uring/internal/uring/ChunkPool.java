package org.quicfiles.storage.uring.internal.uring;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.Semaphore;
import org.quicfiles.api.storage.StorageException;

/**
 * The store's budget of chunk-sized direct buffers: at most {@code maxBuffers} exist at once, shared
 * by every upload and download; a caller that finds none waits (a virtual thread parks; QUIC flow
 * control then holds the peer back) instead of failing. Buffers, once allocated, stay mapped and are
 * handed out most-recently-used first; all are released when the store closes.
 *
 * <p>Why: Netty's pooled allocator keeps no per-thread cache for virtual threads and unmaps empty
 * arena chunks, and without a budget 256 concurrent uploads at {@code -Xmx128m} exhausted direct
 * memory (load report, P4). Callers never wait while holding buffers they could give back (see
 * {@link #tryAcquire()}), so the budget cannot deadlock.
 */
final class ChunkPool implements AutoCloseable {
    private final int chunkSize;
    private final Semaphore unallocated;
    private final LinkedBlockingDeque<ByteBuf> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;

    ChunkPool(int chunkSize, int maxBuffers) {
        this.chunkSize = chunkSize;
        this.unallocated = new Semaphore(maxBuffers);
    }

    /** A default budget: a quarter of Netty's direct-memory limit, at least 16 chunks. */
    static int defaultMaxBuffers(int chunkSize) {
        long quarter = PlatformDependent.maxDirectMemory() / 4;
        return (int) Math.max(16, Math.min(1 << 20, quarter / chunkSize));
    }

    /** An empty chunk now, or null if the budget is used up. */
    ByteBuf tryAcquire() {
        ByteBuf buffer = idle.pollFirst();
        if (buffer != null) {
            return buffer.clear();
        }
        if (unallocated.tryAcquire()) {
            return PooledByteBufAllocator.DEFAULT.directBuffer(chunkSize, chunkSize);
        }
        return null;
    }

    /** An empty chunk, waiting for one to be given back if the budget is used up. */
    ByteBuf acquire() throws StorageException {
        ByteBuf buffer = tryAcquire();
        if (buffer != null) {
            return buffer;
        }
        try {
            return idle.takeFirst().clear();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Kind.IO_ERROR, "interrupted waiting for a storage buffer", e);
        }
    }

    /** Gives a chunk back. */
    void release(ByteBuf buffer) {
        if (closed) {
            buffer.release();
            return;
        }
        idle.offerFirst(buffer);
        if (closed && idle.remove(buffer)) {
            buffer.release();
        }
    }

    /** The size of every chunk. */
    int chunkSize() {
        return chunkSize;
    }

    @Override
    public void close() {
        closed = true;
        for (ByteBuf buffer; (buffer = idle.pollFirst()) != null; ) {
            buffer.release();
        }
    }
}

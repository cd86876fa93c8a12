package org.quicfiles.storage.uring.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.util.internal.PlatformDependent;
import java.nio.ByteBuffer;
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
 *
 * <p>The chunks are JDK direct buffers ({@link ByteBuffer#allocateDirect}), as the {@code nio}
 * provider's are, not Netty's: Netty keeps its own count of the direct memory it allocates, against
 * a limit as large as the JDK's, and the transport's stream buffers live there. With both in
 * Netty's count, 256 concurrent uploads at {@code -Xmx128m} (32 MiB of chunks beside up to 64 MiB
 * of queued stream data) exhausted it and the QUIC stack failed every send (decision note 0204).
 */
final class ChunkPool implements AutoCloseable {
    private final int chunkSize;
    private final Semaphore unallocated;
    /** Chunks that writers may keep, partly filled, while their callers wait for the network. */
    private final Semaphore idleHolds;
    private final LinkedBlockingDeque<ByteBuf> idle = new LinkedBlockingDeque<>();
    private volatile boolean closed;

    ChunkPool(int chunkSize, int maxBuffers) {
        this.chunkSize = chunkSize;
        this.unallocated = new Semaphore(maxBuffers);
        this.idleHolds = new Semaphore(maxBuffers / 2);
    }

    /**
     * Whether a writer may keep its partly filled chunk until its next write; at most half of the
     * budget is kept so. Without the limit, uploads waiting for the network could hold every chunk
     * while the network waited for them: QUIC stops sending on a connection whose window is full of
     * data for another upload of the same connection that waits for a chunk (decision note 0204).
     * Give it back with {@link #releaseIdleHold()}.
     */
    boolean tryHoldIdle() {
        return idleHolds.tryAcquire();
    }

    /** Ends a hold granted by {@link #tryHoldIdle()}. */
    void releaseIdleHold() {
        idleHolds.release();
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
            return Unpooled.wrappedBuffer(ByteBuffer.allocateDirect(chunkSize)).clear();
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

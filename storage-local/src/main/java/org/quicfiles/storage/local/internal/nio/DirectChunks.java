package org.quicfiles.storage.local.internal.nio;

import java.lang.ref.WeakReference;
import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The store's budget of chunk-sized direct buffers ({@code storage.chunk-memory}), lent to writers
 * that coalesce small writes and to readers that read ahead. Each upload used to allocate its own
 * 256 KiB buffer, freed only when a collection found it: 256 uploads at once needed 64 MiB of direct
 * memory and failed with {@code OutOfMemoryError} under a small {@code MaxDirectMemorySize} (issue
 * 19). When every chunk is lent, a writer writes the caller's bytes as they come and a reader
 * reads into the caller's buffer: fewer, larger system calls are an optimisation, never a reason
 * to wait or fail. Chunks given back are kept for reuse, weakly: a chunk that stays unused until
 * a full collection (the server runs one once a busy spell is over) is freed with it, so the
 * budget's memory goes back to the system when the load does. Thread-safe.
 */
final class DirectChunks {
    private final int chunkSize;
    private final int max;
    private final AtomicInteger made = new AtomicInteger();
    private final ConcurrentLinkedQueue<WeakReference<ByteBuffer>> free = new ConcurrentLinkedQueue<>();

    /**
     * @param chunkSize each chunk's size
     * @param budget the bytes all chunks may take together (at least one chunk)
     */
    DirectChunks(int chunkSize, long budget) {
        this.chunkSize = chunkSize;
        this.max = (int) Math.max(1, Math.min(Integer.MAX_VALUE, budget / chunkSize));
    }

    /** A cleared chunk, or {@code null} when the budget is lent out. */
    ByteBuffer tryTake() {
        WeakReference<ByteBuffer> kept;
        while ((kept = free.poll()) != null) {
            ByteBuffer chunk = kept.get();
            if (chunk != null) {
                return chunk.clear();
            }
            made.decrementAndGet(); // collected while unused: its place in the budget is free again
        }
        if (made.incrementAndGet() > max) {
            made.decrementAndGet();
            return null;
        }
        return ByteBuffer.allocateDirect(chunkSize);
    }

    /** Gives a chunk from {@link #tryTake} back. */
    void give(ByteBuffer chunk) {
        free.offer(new WeakReference<>(chunk));
    }

    /** A lent chunk will not come back (its user may still hold it): its place in the budget is free. */
    void forget() {
        made.decrementAndGet();
    }

    int chunkSize() {
        return chunkSize;
    }

    /** How many chunks exist (lent, or kept and not yet found collected). */
    int made() {
        return made.get();
    }

    /** How many chunks are kept for reuse, not lent (tests; collected ones included until found). */
    int kept() {
        return free.size();
    }

    /** The most chunks the budget allows. */
    int max() {
        return max;
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.quicfiles.transport.ngtcp2.internal.ffi.Libc;

/**
 * The server-wide budget of native memory for bytes sent and not yet acknowledged
 * ({@code transport.send-memory}). Each stream may hold up to {@link FileExchange#MAX_UNACKED} bytes
 * in flight, so without a budget 16 connections × 8 downloads held 128 MiB of {@code malloc}ed chunks
 * (decision note 0430). A command's writer waits here while the budget is spent; the event loop
 * never waits (its small replies are counted, and may take the budget over its limit for a moment).
 * Thread-safe.
 */
final class SendMemory {
    /** How long a waiting writer sleeps before it looks again whether its own stream was aborted. */
    private static final long RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final long limit;
    private final ReentrantLock lock = new ReentrantLock();
    /** The writers waiting, first come first: each waits for its turn at the head of the line. */
    private final java.util.ArrayDeque<Condition> waiting = new java.util.ArrayDeque<>();
    private long used;
    private long peak;

    SendMemory(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("transport.send-memory: must be positive, not " + limit);
        }
        this.limit = limit;
    }

    /**
     * A chunk of {@code size} bytes, once the budget has room (always at once while nothing is in
     * flight, so that one chunk larger than the budget cannot wait forever). Waiting writers are
     * served in the order they came: woken all at once and left to race, some downloads waited
     * seconds while others moved (p99 of 16×8 1 MB GET+PUT 6.9–7.1 s against a p50 of 0.45 s).
     *
     * @param gone whether the caller's stream no longer needs the chunk (looked at while waiting)
     * @return the chunk, or {@code null} if {@code gone} became true first
     */
    MemorySegment allocate(long size, BooleanSupplier gone) throws InterruptedException {
        lock.lock();
        try {
            if (!waiting.isEmpty() || !fits(size)) {
                Condition turn = lock.newCondition();
                waiting.add(turn);
                try {
                    while (waiting.peekFirst() != turn || !fits(size)) {
                        if (gone.getAsBoolean()) {
                            return null;
                        }
                        turn.awaitNanos(RECHECK_NANOS);
                    }
                } finally {
                    waiting.remove(turn);
                    wakeHead(); // the next in line may fit too
                }
            }
            take(size);
        } finally {
            lock.unlock();
        }
        return Libc.malloc(Math.max(1, size)).asSlice(0, size);
    }

    /** Only the head of the line can take room: waking the others would only cost CPU. */
    private void wakeHead() {
        Condition head = waiting.peekFirst();
        if (head != null) {
            head.signal();
        }
    }

    private boolean fits(long size) {
        return used == 0 || used + size <= limit;
    }

    /** How many writers wait for room (tests). */
    int waiting() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    /** A copy of {@code bytes} in counted native memory, without waiting (event loop). */
    MemorySegment copyNow(byte[] bytes) {
        MemorySegment segment = allocateNow(bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }

    /** A chunk of {@code size} counted bytes, without waiting. */
    MemorySegment allocateNow(long size) {
        lock.lock();
        try {
            take(size);
        } finally {
            lock.unlock();
        }
        return Libc.malloc(Math.max(1, size)).asSlice(0, size);
    }

    private void take(long size) {
        used += size;
        peak = Math.max(peak, used);
    }

    /** Frees a chunk from {@link #allocate} or {@link #copyNow} and gives its bytes back. */
    void free(MemorySegment chunk) {
        Libc.free(chunk);
        lock.lock();
        try {
            used -= chunk.byteSize();
            wakeHead();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes held now. */
    long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    /** The most bytes held at once so far. */
    long peak() {
        lock.lock();
        try {
            return peak;
        } finally {
            lock.unlock();
        }
    }

    long limit() {
        return limit;
    }
}

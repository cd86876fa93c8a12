package org.quicfiles.bridge;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * When a response's FIN leaves, and with which bytes: it always rides on data (a FIN written alone
 * can be forgotten by quiche in Netty 4.2.18, decision note 0163). A write that says it is the last
 * leaves at once with FIN. A command that does not say so has its newest chunk held back until the
 * next write or {@link #end}; if the command pauses {@link #FLUSH_DELAY_MILLIS}, all of that chunk
 * but its last byte goes out alone, the byte staying to carry the FIN: the fallback timer.
 *
 * <p>Thread-safe: writes, {@link #end} and the flush timer may come from different threads; sends
 * are made under this policy's own lock, so they reach the output in the order they were made.
 *
 * @param <C> the transport's chunk type
 */
public final class FinPolicy<C> {
    /** How long the last chunk written may wait for the next write or the end before it is sent alone. */
    public static final long FLUSH_DELAY_MILLIS = 20;

    /** Where chunks go; called under the policy's lock, so they must not block. */
    public interface Output<C> {
        /** Sends {@code chunk} (ownership passes), with FIN when {@code fin}. */
        void send(C chunk, boolean fin);

        /** Ends the response without data: only when nothing at all was written. */
        void finWithoutData();

        /** A new chunk of all but the last byte of {@code chunk}, which keeps that byte. */
        C allButLastByte(C chunk);

        /** The bytes in {@code chunk}. */
        int size(C chunk);

        /** Frees a chunk that will not be sent. */
        void release(C chunk);

        /** Runs {@code task} after {@code delayNanos}; false if the output can run nothing any more. */
        boolean schedule(Runnable task, long delayNanos);
    }

    private final Output<C> output;
    private final long flushDelayNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private C held;
    private long heldSince;
    private boolean flushScheduled;
    private boolean wrote;
    private boolean ended;
    private long timerFlushes;

    /** A policy with the default flush delay. */
    public FinPolicy(Output<C> output) {
        this(output, TimeUnit.MILLISECONDS.toNanos(FLUSH_DELAY_MILLIS));
    }

    FinPolicy(Output<C> output, long flushDelayNanos) {
        this.output = output;
        this.flushDelayNanos = flushDelayNanos;
    }

    /**
     * Takes the next chunk of the response.
     *
     * @param last this chunk ends the response: it leaves now, with FIN
     * @throws IllegalStateException if the response has already ended
     */
    public void write(C chunk, boolean last) {
        lock.lock();
        try {
            if (ended) {
                output.release(chunk);
                throw new IllegalStateException("the response has ended");
            }
            wrote = true;
            if (held != null) {
                output.send(held, false);
                held = null;
            }
            if (last) {
                ended = true;
                output.send(chunk, true);
                return;
            }
            held = chunk;
            heldSince = System.nanoTime();
            if (!flushScheduled) {
                flushScheduled = output.schedule(this::onFlushDue, flushDelayNanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The command returned: FIN with the held chunk, alone only if nothing was written; nothing if it already ended. */
    public void end() {
        lock.lock();
        try {
            if (ended) {
                return;
            }
            ended = true;
            if (held != null) {
                output.send(held, true);
                held = null;
            } else if (!wrote) {
                output.finWithoutData();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The response is abandoned: the held chunk is freed, nothing more is sent. */
    public void discard() {
        lock.lock();
        try {
            ended = true;
            if (held != null) {
                output.release(held);
                held = null;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Whether the response has ended (with FIN or abandoned). */
    public boolean ended() {
        lock.lock();
        try {
            return ended;
        } finally {
            lock.unlock();
        }
    }

    /** How often the fallback timer sent held bytes out (a command that says its end never needs it). */
    public long timerFlushes() {
        lock.lock();
        try {
            return timerFlushes;
        } finally {
            lock.unlock();
        }
    }

    private void onFlushDue() {
        lock.lock();
        try {
            flushScheduled = false;
            if (held == null || output.size(held) <= 1) {
                return;
            }
            long early = heldSince + flushDelayNanos - System.nanoTime();
            if (early > 0) {
                // written again since this was scheduled: the command is not paused yet
                flushScheduled = output.schedule(this::onFlushDue, early);
            } else {
                timerFlushes++;
                output.send(output.allButLastByte(held), false);
            }
        } finally {
            lock.unlock();
        }
    }
}

package org.quicfiles.bridge;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide budget of bytes held by stream-0 commands (their bodies, from the moment they are
 * parsed until QUIC accepts their reply). While the budget is used up, request streams that already
 * have a command outstanding stop reading (the transports' request-stream handlers), so QUIC flow control holds
 * their peers back; they are woken when bytes are given back. Thread-safe: request streams of all
 * connections share one budget.
 */
public final class RequestMemoryBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();

    /** A budget of {@code limit} bytes. */
    public RequestMemoryBudget(long limit) {
        this.limit = limit;
    }

    /** Charges {@code bytes} (a parsed command's body). */
    public void take(long bytes) {
        held.addAndGet(bytes);
    }

    /** Gives {@code bytes} back (the reply was accepted, or the command dropped) and wakes waiters. */
    public void give(long bytes) {
        if (bytes != 0 && held.addAndGet(-bytes) < limit) {
            wakeAll();
        }
    }

    /** Whether the budget is used up. */
    public boolean exhausted() {
        return held.get() >= limit;
    }

    /**
     * Runs {@code resume} once the budget has room again (at once if it has room now). A stream
     * that registered and closes meanwhile calls {@link #cancel}.
     */
    public void whenRoom(Runnable resume) {
        waiting.add(resume);
        // a give() between the caller's check and the add above would have missed us
        if (!exhausted() && waiting.remove(resume)) {
            resume.run();
        }
    }

    /** Forgets a {@link #whenRoom} registration (its stream closed). */
    public void cancel(Runnable resume) {
        waiting.remove(resume);
    }

    private void wakeAll() {
        List<Runnable> woken = new ArrayList<>();
        for (Runnable resume : waiting) {
            if (waiting.remove(resume)) {
                woken.add(resume);
            }
        }
        woken.forEach(Runnable::run);
    }

    /** Bytes held now (for tests and metrics). */
    public long held() {
        return held.get();
    }

    /** Request streams waiting for room now (for tests and metrics). */
    public int streamsWaiting() {
        return waiting.size();
    }
}

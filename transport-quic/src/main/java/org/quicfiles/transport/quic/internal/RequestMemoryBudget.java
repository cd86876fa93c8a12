package org.quicfiles.transport.quic.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide budget of bytes held by stream-0 commands (their bodies, from the moment they are
 * parsed until QUIC accepts their reply). While the budget is used up, request streams that already
 * have a command outstanding stop reading ({@link RequestStreamHandler}), so QUIC flow control holds
 * their peers back; they are woken when bytes are given back. Thread-safe: request streams of all
 * connections share one budget.
 */
final class RequestMemoryBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();
    private final Set<Runnable> waiting = ConcurrentHashMap.newKeySet();

    RequestMemoryBudget(long limit) {
        this.limit = limit;
    }

    void take(long bytes) {
        held.addAndGet(bytes);
    }

    void give(long bytes) {
        if (bytes != 0 && held.addAndGet(-bytes) < limit) {
            wakeAll();
        }
    }

    boolean exhausted() {
        return held.get() >= limit;
    }

    /**
     * Runs {@code resume} once the budget has room again (at once if it has room now). A stream
     * that registered and closes meanwhile calls {@link #cancel}.
     */
    void whenRoom(Runnable resume) {
        waiting.add(resume);
        // a give() between the caller's check and the add above would have missed us
        if (!exhausted() && waiting.remove(resume)) {
            resume.run();
        }
    }

    void cancel(Runnable resume) {
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
    long held() {
        return held.get();
    }

    /** Request streams waiting for room now (for tests and metrics). */
    int streamsWaiting() {
        return waiting.size();
    }
}

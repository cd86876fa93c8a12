package org.quicfiles.bridge;

import java.io.IOException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where a blocking stream bridge's threads meet: one lock, one condition, and a wait on the peer
 * that never outlasts its {@link PeerWatchdog} (stall, minimum rate, caller's deadline) and ends on
 * an interrupt. What happens then differs between the server and the client, so the owner says it
 * in a {@link Policy} (decision note 0185). The lock is reentrant: an owner may hold it around a
 * {@link BlockingReads} or {@link BlockingWrites} call to check its own state in the same hold.
 */
public final class PeerWait {
    /** What a wait does when it ends other than by a signal. Called with the lock held. */
    public interface Policy {
        /** Time is up ({@code verdict} is not {@link PeerWatchdog.Verdict#WAIT}); may throw, or abort and return. */
        void outOfTime(PeerWatchdog.Verdict verdict) throws IOException;

        /** The waiting thread was interrupted (its interrupt status is already set again). */
        void interrupted(InterruptedException e) throws IOException;

        /** The wait that just ended was this side's own, not the peer's: it counts for neither stall nor rate. */
        default boolean ownWait() {
            return false;
        }

        /** A wait ran its whole length without a signal and time is not up: a chance to look at the channel. */
        default void quiet() throws IOException {
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PeerWatchdog watchdog;

    public PeerWait(PeerWatchdog watchdog) {
        this.watchdog = watchdog;
    }

    /** The watchdog; use it with the lock held. */
    public PeerWatchdog watchdog() {
        return watchdog;
    }

    public void lock() {
        lock.lock();
    }

    public void unlock() {
        lock.unlock();
    }

    /** Wakes every waiter; the lock must be held. */
    public void signal() {
        changed.signalAll();
    }

    /** Takes the lock, wakes every waiter, releases it. */
    public void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits once, with the lock held, for a signal, at most {@code capNanos} and never past the
     * watchdog's limits; the caller re-checks its condition afterwards.
     */
    public void await(long capNanos, Policy policy) throws IOException {
        PeerWatchdog.Verdict expired = watchdog.expired();
        if (expired != PeerWatchdog.Verdict.WAIT) {
            policy.outOfTime(expired);
            return;
        }
        long wait = watchdog.waitNanos(capNanos);
        long remaining;
        try {
            remaining = changed.awaitNanos(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            policy.interrupted(e);
            return;
        }
        PeerWatchdog.Verdict verdict = watchdog.waited(wait - remaining, policy.ownWait());
        if (verdict != PeerWatchdog.Verdict.WAIT) {
            policy.outOfTime(verdict);
        } else if (remaining <= 0) {
            policy.quiet();
        }
    }
}

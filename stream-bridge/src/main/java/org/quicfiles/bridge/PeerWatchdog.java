package org.quicfiles.bridge;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * How long a blocking stream bridge may wait on its peer: no progress for the stall timeout
 * (decision note 0151), a rate below {@code min-rate} over the time spent waiting
 * ({@link MinimumRate}, note 0161), or a caller's deadline, each ends the wait. The owner asks
 * {@link #expired} before it waits, waits at most {@link #waitNanos}, and reports the wait to
 * {@link #waited}.
 *
 * <p>Not thread-safe: the owner guards it with its own lock.
 */
public final class PeerWatchdog {
    /** What ended (or did not end) a wait. */
    public enum Verdict {
        /** Keep waiting. */
        WAIT,
        /** No progress for the stall timeout. */
        STALLED,
        /** The peer is slower than the minimum rate. */
        TOO_SLOW,
        /** The caller's deadline passed. */
        DEADLINE
    }

    private static final long NO_DEADLINE = Long.MAX_VALUE;

    private final long stallNanos;
    private final MinimumRate rate;
    private long lastProgress = System.nanoTime();
    private long deadline = NO_DEADLINE;

    /**
     * @param stallTimeout how long a wait may last without progress
     * @param rate the rate the peer must keep up while waited on (disabled: no minimum)
     */
    public PeerWatchdog(Duration stallTimeout, MinimumRate rate) {
        this.stallNanos = stallTimeout.toNanos();
        this.rate = rate;
    }

    /** A watchdog with only a stall timeout. */
    public static PeerWatchdog stallOnly(Duration stallTimeout) {
        return new PeerWatchdog(stallTimeout, new MinimumRate(0, Duration.ofSeconds(1)));
    }

    /** Every wait ends by {@code nanoTime} ({@link System#nanoTime} scale) at the latest. */
    public void deadline(long nanoTime) {
        deadline = nanoTime;
    }

    /** No deadline any more (stall and rate still apply). */
    public void noDeadline() {
        deadline = NO_DEADLINE;
    }

    /** The peer moved things on (or a wait for it begins now): the stall clock restarts. */
    public void progress() {
        lastProgress = System.nanoTime();
    }

    /** The peer moved {@code bytes}, for the rate. */
    public void moved(long bytes) {
        rate.moved(bytes);
    }

    /** Before a wait: {@link Verdict#STALLED} or {@link Verdict#DEADLINE} when time is up, else {@link Verdict#WAIT}. */
    public Verdict expired() {
        long now = System.nanoTime();
        if (deadline != NO_DEADLINE && deadline - now <= 0) {
            return Verdict.DEADLINE;
        }
        return lastProgress + stallNanos - now <= 0 ? Verdict.STALLED : Verdict.WAIT;
    }

    /** How long the next wait may last: never past the stall timeout, the deadline or the rate's next check, nor {@code cap}. */
    public long waitNanos(long cap) {
        long now = System.nanoTime();
        long wait = Math.min(cap, Math.max(1, lastProgress + stallNanos - now));
        if (deadline != NO_DEADLINE) {
            wait = Math.min(wait, Math.max(1, deadline - now));
        }
        if (rate.enabled()) {
            wait = Math.min(wait, rate.checkIntervalNanos());
        }
        return wait;
    }

    /**
     * After a wait of {@code nanos}.
     *
     * @param ownWait the wait was ours, not the peer's (e.g. a sibling stream holds the connection's
     *        window): it restarts the stall clock and does not count for the rate
     * @return {@link Verdict#TOO_SLOW} if the peer is slower than the minimum rate, else {@link Verdict#WAIT}
     */
    public Verdict waited(long nanos, boolean ownWait) {
        if (ownWait) {
            progress();
        } else {
            rate.waited(nanos);
        }
        return rate.tooSlow() ? Verdict.TOO_SLOW : Verdict.WAIT;
    }

    /** Why a wait ended with {@code verdict}, for an exception or a log line. */
    public String describe(Verdict verdict) {
        return switch (verdict) {
            case STALLED -> "no progress from the peer for " + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms";
            case TOO_SLOW -> "the peer is slower than " + rate.describe();
            case DEADLINE -> "the deadline passed";
            case WAIT -> "still waiting";
        };
    }
}

package org.quicfiles.bridge;

import java.time.Duration;

/**
 * Whether a stream's peer keeps up a minimum transfer rate, measured on a clock that runs only
 * while the stream command waits on that peer (for data to read or window to write), so that the
 * command's own work (disk, database) never counts against the peer.
 *
 * <p>The window is split into {@value #BUCKETS} buckets of waiting time; bytes moved are added to
 * the current bucket. Once at least one whole window of waiting has passed, the bytes of the last
 * {@value #BUCKETS} buckets must reach {@code rate × window × (BUCKETS - 1) / BUCKETS} (the current
 * bucket is only partly elapsed). Not thread-safe: an exchange calls it under its own lock.
 */
public final class MinimumRate {
    /** The buckets a window is split into. */
    public static final int BUCKETS = 10;

    private final long bytesPerSecond;
    private final long windowNanos;
    private final long bucketNanos;
    private final long[] buckets = new long[BUCKETS];
    /** Waiting time so far (the clock this meter runs on). */
    private long waitedNanos;
    private long currentBucket;

    /** A meter for {@code bytesPerSecond} over {@code window} of waiting; a rate of 0 disables it. */
    public MinimumRate(long bytesPerSecond, Duration window) {
        this.bytesPerSecond = bytesPerSecond;
        this.windowNanos = window.toNanos();
        this.bucketNanos = Math.max(1, windowNanos / BUCKETS);
    }

    public boolean enabled() {
        return bytesPerSecond > 0;
    }

    /** The longest the exchange may wait before it must report the wait, so that checks stay timely. */
    public long checkIntervalNanos() {
        return bucketNanos;
    }

    /** Counts {@code nanos} spent waiting on the peer. */
    public void waited(long nanos) {
        if (nanos <= 0) {
            return;
        }
        waitedNanos += nanos;
        long bucket = waitedNanos / bucketNanos;
        for (long b = currentBucket + 1; b <= bucket && b <= currentBucket + BUCKETS; b++) {
            buckets[(int) (b % BUCKETS)] = 0;
        }
        currentBucket = bucket;
    }

    /** Counts {@code bytes} moved between the peer and the command. */
    public void moved(long bytes) {
        buckets[(int) (currentBucket % BUCKETS)] += bytes;
    }

    /** Whether the peer is below the rate over the last window (never before a whole window of waiting). */
    public boolean tooSlow() {
        if (!enabled() || waitedNanos < windowNanos) {
            return false;
        }
        long sum = 0;
        for (long bytes : buckets) {
            sum += bytes;
        }
        double required = bytesPerSecond * (windowNanos / 1e9) * (BUCKETS - 1) / BUCKETS;
        return sum < required;
    }

    /** Bytes per second over the window, for the abort message. */
    public String describe() {
        return bytesPerSecond + " B/s over " + Duration.ofNanos(windowNanos).toMillis() + " ms of waiting";
    }
}

package org.quicfiles.bridge;

import java.time.Duration;
import java.util.Optional;

/**
 * Watches a stream-0 frame in progress (decision note 0411): one that goes without a byte for the
 * stall timeout, or arrives slower than the minimum rate, while the server reads is the peer's
 * fault, and the transport resets stream 0. Waits while the server reads nothing (it gives no
 * window back) count against nobody. Both transports use it from their request stream's event loop;
 * not thread-safe.
 */
public final class PartialFrameWatch {
    private final long stallNanos;
    private final long minRate;
    private final Duration minRateWindow;
    /** The meter of the frame in progress, or null between frames. */
    private MinimumRate rate;
    private long lastByte;
    private long lastCheck;

    /**
     * @param stallTimeout how long a started frame may go without a byte while the server reads
     * @param minRate bytes per second a started frame must arrive at (0: no check), over {@code minRateWindow}
     */
    public PartialFrameWatch(Duration stallTimeout, long minRate, Duration minRateWindow) {
        this.stallNanos = stallTimeout.toNanos();
        this.minRate = minRate;
        this.minRateWindow = minRateWindow;
    }

    /** A frame completed: the next one gets a fresh meter. */
    public void frameEnded() {
        rate = null;
    }

    /**
     * {@code bytes} of stream 0 arrived at {@code now}.
     *
     * @param inFrame whether a frame is still in progress after them
     */
    public void arrived(long bytes, boolean inFrame, long now) {
        if (!inFrame) {
            rate = null;
            return;
        }
        if (rate == null) {
            rate = new MinimumRate(minRate, minRateWindow);
            lastCheck = now;
        }
        rate.moved(bytes);
        lastByte = now;
    }

    /** Whether a frame is in progress and watched. */
    public boolean watching() {
        return rate != null;
    }

    /** How often {@link #check} should run while {@link #watching()}. */
    public long checkIntervalNanos() {
        long meter = rate == null ? stallNanos : rate.checkIntervalNanos();
        return Math.max(1, Math.min(stallNanos, meter));
    }

    /**
     * One check at {@code now} of the frame being watched.
     *
     * @param paused whether the server is not reading stream 0 now (its wait, not the peer's)
     * @return why the frame is the peer's fault, or empty while it is not
     */
    public Optional<String> check(long now, boolean paused) {
        if (rate == null) {
            return Optional.empty();
        }
        if (paused) {
            lastByte = now;
        } else {
            rate.waited(now - lastCheck);
        }
        lastCheck = now;
        if (now - lastByte >= stallNanos) {
            return Optional.of("a frame stalled");
        }
        return rate.tooSlow() ? Optional.of("a frame arrives slower than min-rate") : Optional.empty();
    }
}

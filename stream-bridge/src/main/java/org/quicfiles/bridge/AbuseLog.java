package org.quicfiles.bridge;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Leaves a trace of what a transport's limits cut off (both transports write the same lines), without letting an abusive peer flood the
 * log: at most one WARNING line per cause per interval, with the count since the previous line.
 * The first event of a cause after a quiet interval is written at once; later ones are counted and
 * written by {@link #flush()} (run every interval) or by the next event once the interval has
 * passed. Lines name the cause and the limit, never addresses or contents. Thread-safe.
 */
public final class AbuseLog {
    /** What was cut off, and the one line that says so. */
    public enum Cause {
        /** A file stream's command block was not complete within {@code header-timeout}. */
        HEADER_TIMEOUT("file stream(s) reset with 400: command block not complete within header-timeout"
                + " (slowloris?)"),
        /** A stream command waited on its peer longer than {@code stall-timeout} without progress. */
        STALL("file stream(s) reset with 499: no progress from the peer for stall-timeout"),
        /** A peer moved bytes slower than {@code min-rate}. */
        MIN_RATE("file stream(s) reset with 499: the peer was slower than min-rate"),
        /** A connection beyond {@code max-connections} was refused. */
        MAX_CONNECTIONS("connection(s) refused: max-connections reached"),
        /** A connection had {@code max-requests} stream-0 commands in flight and was paused. */
        MAX_REQUESTS("request stream(s) paused: max-requests commands in flight on one connection"),
        /** A connection was paused because the server-wide {@code request-memory} was used up. */
        REQUEST_MEMORY("request stream(s) paused: the server-wide request-memory budget is used up"),
        /** A connection held {@code request-memory-per-connection} on stream 0 and was paused. */
        CONNECTION_MEMORY("request stream(s) paused: one connection held request-memory-per-connection"),
        /** A stream-0 frame in progress stalled or arrived slower than {@code min-rate}. */
        PARTIAL_FRAME("request stream(s) reset with 777000105: a frame in progress stalled (stall-timeout) or"
                + " arrived slower than min-rate");

        private final String description;

        Cause(String description) {
            this.description = description;
        }
    }

    private final System.Logger logger;
    private final TransportMetrics metrics;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<Cause, Long> pending = new EnumMap<>(Cause.class);
    private final Map<Cause, Long> lastLine = new EnumMap<>(Cause.class);

    /**
     * @param logger where lines go
     * @param interval at most one line per cause per interval
     * @param nanoTime the clock ({@link System#nanoTime()} but in tests)
     */
    public AbuseLog(System.Logger logger, Duration interval, LongSupplier nanoTime) {
        this(logger, interval, nanoTime, TransportMetrics.NONE);
    }

    /**
     * Like {@link #AbuseLog(System.Logger, Duration, LongSupplier)}, also counting each event as a
     * transport error of its cause in {@code metrics}.
     */
    public AbuseLog(System.Logger logger, Duration interval, LongSupplier nanoTime, TransportMetrics metrics) {
        this.metrics = java.util.Objects.requireNonNull(metrics, "metrics");
        this.logger = logger;
        this.intervalNanos = interval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Counts one event of {@code cause}, writing a line if none was written for it within the interval. */
    public synchronized void record(Cause cause) {
        metrics.error(cause);
        pending.merge(cause, 1L, Long::sum);
        writeIfDue(cause, nanoTime.getAsLong());
    }

    /** Writes the counts that waited for their interval to pass. */
    public synchronized void flush() {
        long now = nanoTime.getAsLong();
        for (Cause cause : Cause.values()) {
            writeIfDue(cause, now);
        }
    }

    private void writeIfDue(Cause cause, long now) {
        long count = pending.getOrDefault(cause, 0L);
        Long last = lastLine.get(cause);
        if (count == 0 || (last != null && now - last < intervalNanos)) {
            return;
        }
        String since = last == null ? "" : " in the last " + Duration.ofNanos(now - last).toSeconds() + " s";
        logger.log(Level.WARNING, "transport: " + count + " " + cause.description + since);
        pending.put(cause, 0L);
        lastLine.put(cause, now);
    }
}

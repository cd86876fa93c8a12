package org.quicfiles.load.driver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;

/**
 * What the workers of a measured phase record: one HdrHistogram of latencies (µs, 3 significant
 * digits, up to 10 minutes) per worker, merged at the end; bytes moved; failures by cause.
 */
final class LatencyTally {
    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final LongAdder bytes = new LongAdder();
    private final List<Histogram> histograms = new ArrayList<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();

    /** A histogram for one worker; only that worker writes to it. */
    synchronized Histogram newHistogram() {
        Histogram histogram = new Histogram(HIGHEST_MICROS, 3);
        histograms.add(histogram);
        return histogram;
    }

    /** Records one operation that took {@code nanos}, in whole µs and at least 1. */
    static void record(Histogram histogram, long nanos) {
        histogram.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    void addBytes(long moved) {
        bytes.add(moved);
    }

    long bytes() {
        return bytes.sum();
    }

    /** Counts one failure under {@code cause}; the first of each cause is printed on stderr. */
    void fail(String cause, Throwable failure) {
        errors.computeIfAbsent(cause, k -> {
            System.err.println("first failure counted as '" + cause + "': " + failure);
            return new LongAdder();
        }).increment();
    }

    long errorCount() {
        return errors.values().stream().mapToLong(LongAdder::sum).sum();
    }

    Map<String, Long> errors() {
        Map<String, Long> copy = new HashMap<>();
        errors.forEach((k, v) -> copy.put(k, v.sum()));
        return copy;
    }

    /** The merged percentiles of every worker's histogram. */
    synchronized Latencies latencies() {
        Histogram all = new Histogram(HIGHEST_MICROS, 3);
        histograms.forEach(all::add);
        return new Latencies(all.getTotalCount(), all.getValueAtPercentile(50), all.getValueAtPercentile(90),
                all.getValueAtPercentile(99), all.getMaxValue());
    }

    /** Recorded operations and their latency percentiles in µs (all 0 when none was recorded). */
    record Latencies(long count, long p50, long p90, long p99, long max) {
    }
}

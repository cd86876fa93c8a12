package org.quicfiles.load;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The figures of one measured run. Latencies are microseconds; MB are 10^6 bytes.
 *
 * @param target the target's name
 * @param workload what ran
 * @param ops operations that completed without error
 * @param errors failed operations by cause: {@code code N} (a QUIC application error code),
 *               {@code http N}, or an exception's class name
 * @param bytes file bytes moved by the successful operations (up and down)
 * @param elapsedNanos wall time of the measured phase
 * @param p50 50th percentile latency of successful operations, µs
 * @param p90 90th percentile, µs
 * @param p99 99th percentile, µs
 * @param max largest, µs
 * @param peakRssBytes the server process's VmHWM after the run, when the tool started it
 * @param serverCpuNanos CPU time (user + system) the server process used during the measured
 *                       phase, when the tool started it (10 ms resolution)
 */
public record Result(String target, Workload workload, long ops, Map<String, Long> errors, long bytes,
                     long elapsedNanos, long p50, long p90, long p99, long max, OptionalLong peakRssBytes,
                     OptionalLong serverCpuNanos) {
    /** Copies the error map. */
    public Result {
        errors = Map.copyOf(errors);
    }

    /** The same figures under another target label (e.g. a differently configured server). */
    public Result withTarget(String label) {
        return new Result(label, workload, ops, errors, bytes, elapsedNanos, p50, p90, p99, max, peakRssBytes, serverCpuNanos);
    }

    /** File bytes per second, in MB (10^6). */
    public double megabytesPerSecond() {
        return bytes / 1e6 / seconds();
    }

    /** Successful operations per second. */
    public double opsPerSecond() {
        return ops / seconds();
    }

    /** Failed operations in all. */
    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Server CPU microseconds per successful operation, or NaN when unknown. */
    public double serverCpuMicrosPerOp() {
        return serverCpuNanos.isPresent() && ops > 0 ? serverCpuNanos.getAsLong() / 1e3 / ops : Double.NaN;
    }

    private double seconds() {
        return Math.max(elapsedNanos, 1) / 1e9;
    }

    /** One human line. */
    public String toText() {
        return String.format(Locale.ROOT,
                "%-12s %s: %d ops in %.2f s, %.1f MB/s, %.1f ops/s, latency µs p50 %d p90 %d p99 %d max %d, errors %s%s",
                target, describe(workload), ops, seconds(), megabytesPerSecond(), opsPerSecond(), p50, p90, p99, max,
                errors.isEmpty() ? "none" : new TreeMap<>(errors),
                peakRssBytes.isPresent() ? String.format(Locale.ROOT, ", server peak RSS %.1f MiB", peakRssBytes.getAsLong() / 1048576.0) : "")
                + (serverCpuNanos.isPresent() ? String.format(Locale.ROOT, ", server CPU %.0f µs/op", serverCpuMicrosPerOp()) : "");
    }

    /** One JSON object. */
    public String toJson() {
        String errorJson = new TreeMap<>(errors).entrySet().stream()
                .map(e -> "\"" + e.getKey().replace("\"", "'") + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return String.format(Locale.ROOT,
                "{\"target\":\"%s\",\"connections\":%d,\"streams\":%d,\"op\":\"%s\",\"sizes\":%s,\"ops\":%d,\"bytes\":%d,"
                        + "\"seconds\":%.3f,\"mb_per_s\":%.2f,\"ops_per_s\":%.2f,\"latency_us\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"max\":%d},"
                        + "\"errors\":%s,\"server_peak_rss_bytes\":%s,\"server_cpu_nanos\":%s}",
                target, workload.connections(), workload.streams(), workload.op().name().toLowerCase(Locale.ROOT),
                workload.sizes(), ops, bytes, seconds(), megabytesPerSecond(), opsPerSecond(), p50, p90, p99, max, errorJson,
                peakRssBytes.isPresent() ? Long.toString(peakRssBytes.getAsLong()) : "null",
                serverCpuNanos.isPresent() ? Long.toString(serverCpuNanos.getAsLong()) : "null");
    }

    static String describe(Workload workload) {
        return workload.connections() + "x" + workload.streams() + " " + workload.op().name().toLowerCase(Locale.ROOT)
                + " " + workload.sizes().stream().map(Sizes::format).collect(Collectors.joining(","));
    }
}

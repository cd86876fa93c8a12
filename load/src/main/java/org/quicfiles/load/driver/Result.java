package org.quicfiles.load.driver;

import java.util.Map;
import java.util.OptionalLong;

/**
 * The figures of one measured run. Latencies are microseconds; MB are 10^6 bytes. How they print
 * (a text line, JSON, markdown tables) is {@code org.quicfiles.load.report}'s job.
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
 * @param serverContextSwitches context switches of the server process's threads during the measured
 *                              phase, when the tool started it: its hand-offs between threads
 */
public record Result(String target, Workload workload, long ops, Map<String, Long> errors, long bytes,
                     long elapsedNanos, long p50, long p90, long p99, long max, OptionalLong peakRssBytes,
                     OptionalLong serverCpuNanos, OptionalLong serverContextSwitches) {
    /** Copies the error map. */
    public Result {
        errors = Map.copyOf(errors);
    }

    /** The same figures under another target label (e.g. a differently configured server). */
    public Result withTarget(String label) {
        return new Result(label, workload, ops, errors, bytes, elapsedNanos, p50, p90, p99, max, peakRssBytes, serverCpuNanos,
                serverContextSwitches);
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

    /** Server context switches per successful operation, or NaN when unknown. */
    public double serverSwitchesPerOp() {
        return serverContextSwitches.isPresent() && ops > 0 ? (double) serverContextSwitches.getAsLong() / ops : Double.NaN;
    }

    /** Wall time of the measured phase in seconds (at least 1 ns). */
    public double seconds() {
        return Math.max(elapsedNanos, 1) / 1e9;
    }
}

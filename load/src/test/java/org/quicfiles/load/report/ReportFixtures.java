package org.quicfiles.load.report;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.quicfiles.load.driver.Op;
import org.quicfiles.load.driver.Result;
import org.quicfiles.load.driver.Workload;

/** Results with round figures, so that every cell of a report can be worked out by hand. */
final class ReportFixtures {
    static final Workload MIX = new Workload(16, 8, Op.MIX, List.of(1_000_000L), Duration.ofSeconds(20), Long.MAX_VALUE, 2, false);

    private ReportFixtures() {
    }

    /** {@code ops} of 1 MB in 10 s; latencies in µs; one server thread switch per 50 µs of its CPU time. */
    static Result result(String target, long ops, long p50, long p99, Map<String, Long> errors, long peakRssMib, long cpuNanos) {
        return new Result(target, MIX, ops, errors, ops * 1_000_000L, 10_000_000_000L, p50, 2 * p50, p99, p99 + 500,
                peakRssMib < 0 ? OptionalLong.empty() : OptionalLong.of(peakRssMib << 20),
                cpuNanos < 0 ? OptionalLong.empty() : OptionalLong.of(cpuNanos),
                cpuNanos < 0 ? OptionalLong.empty() : OptionalLong.of(cpuNanos / 50_000));
    }
}

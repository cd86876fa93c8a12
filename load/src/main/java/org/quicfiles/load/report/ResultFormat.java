package org.quicfiles.load.report;

import java.util.Locale;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.quicfiles.load.driver.Result;

/** One result as the human line {@code run} prints, or as the JSON object of {@code --json}. */
public final class ResultFormat {
    private ResultFormat() {
    }

    /** One human line: target, workload, ops, MB/s, ops/s, latency µs, errors, server figures when known. */
    public static String text(Result r) {
        return String.format(Locale.ROOT,
                "%-12s %s: %d ops in %.2f s, %.1f MB/s, %.1f ops/s, latency µs p50 %d p90 %d p99 %d max %d, errors %s%s",
                r.target(), r.workload().describe(), r.ops(), r.seconds(), r.megabytesPerSecond(), r.opsPerSecond(),
                r.p50(), r.p90(), r.p99(), r.max(),
                r.errors().isEmpty() ? "none" : new TreeMap<>(r.errors()),
                r.peakRssBytes().isPresent()
                        ? String.format(Locale.ROOT, ", server peak RSS %.1f MiB", r.peakRssBytes().getAsLong() / 1048576.0) : "")
                + (r.serverCpuNanos().isPresent() ? String.format(Locale.ROOT, ", server CPU %.0f µs/op", r.serverCpuMicrosPerOp()) : "")
                + (r.serverContextSwitches().isPresent()
                        ? String.format(Locale.ROOT, ", %.2f thread switches/op", r.serverSwitchesPerOp()) : "");
    }

    /** One JSON object on one line; errors keyed by cause in sorted order. */
    public static String json(Result r) {
        String errorJson = new TreeMap<>(r.errors()).entrySet().stream()
                .map(e -> "\"" + e.getKey().replace("\"", "'") + "\":" + e.getValue())
                .collect(Collectors.joining(",", "{", "}"));
        return String.format(Locale.ROOT,
                "{\"target\":\"%s\",\"connections\":%d,\"streams\":%d,\"op\":\"%s\",\"sizes\":%s,\"ops\":%d,\"bytes\":%d,"
                        + "\"seconds\":%.3f,\"mb_per_s\":%.2f,\"ops_per_s\":%.2f,\"latency_us\":{\"p50\":%d,\"p90\":%d,\"p99\":%d,\"max\":%d},"
                        + "\"errors\":%s,\"server_peak_rss_bytes\":%s,\"server_cpu_nanos\":%s,\"server_context_switches\":%s}",
                r.target(), r.workload().connections(), r.workload().streams(),
                r.workload().op().name().toLowerCase(Locale.ROOT), r.workload().sizes(), r.ops(), r.bytes(), r.seconds(),
                r.megabytesPerSecond(), r.opsPerSecond(), r.p50(), r.p90(), r.p99(), r.max(), errorJson,
                r.peakRssBytes().isPresent() ? Long.toString(r.peakRssBytes().getAsLong()) : "null",
                r.serverCpuNanos().isPresent() ? Long.toString(r.serverCpuNanos().getAsLong()) : "null",
                r.serverContextSwitches().isPresent() ? Long.toString(r.serverContextSwitches().getAsLong()) : "null");
    }
}

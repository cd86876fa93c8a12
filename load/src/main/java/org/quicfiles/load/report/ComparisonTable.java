package org.quicfiles.load.report;

import java.util.List;
import java.util.Locale;
import org.quicfiles.load.driver.Result;

/**
 * One suite scenario as a markdown table: the first row is quicfiles, every other row a baseline
 * measured in the same run, with quicfiles/baseline in the last column. For throughput scenarios
 * that is MB/s quicfiles / this; for latency scenarios p99 this / quicfiles, so that 1.0 is parity
 * and lower is worse in both.
 */
public final class ComparisonTable {
    static final String HEADER = "| target | ops | MB/s | ops/s | p50 ms | p90 ms | p99 ms | max ms | errors | server peak RSS | quicfiles / this |";
    static final String ALIGN = "|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|";

    /** What a scenario compares. */
    public enum Measure {
        /** MB/s of quicfiles over the baseline's. */
        THROUGHPUT,
        /** p99 latency of the baseline over quicfiles'. */
        LATENCY
    }

    private ComparisonTable() {
    }

    /** The table under a {@code ###} heading, preceded by an empty line, each line ending in a newline. */
    public static String render(String title, List<Result> rows, Measure measure) {
        Result ours = rows.getFirst();
        StringBuilder out = new StringBuilder()
                .append('\n').append("### ").append(title).append("\n\n")
                .append(HEADER).append('\n').append(ALIGN).append('\n');
        for (Result r : rows) {
            out.append(String.format(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s |%n",
                    r.target(), r.ops(), r.megabytesPerSecond(), r.opsPerSecond(), r.p50() / 1000.0, r.p90() / 1000.0,
                    r.p99() / 1000.0, r.max() / 1000.0, r.errors().isEmpty() ? "0" : r.errors().toString(),
                    r.peakRssBytes().isPresent()
                            ? String.format(Locale.ROOT, "%.0f MiB", r.peakRssBytes().getAsLong() / 1048576.0) : "—",
                    r == ours ? "—" : ratioCell(ours, r, measure)));
        }
        return out.toString();
    }

    /** The last column of a baseline's row, e.g. {@code 0.82 (MB/s)} or {@code 0.32 (p99: this/quicfiles)}. */
    static String ratioCell(Result ours, Result baseline, Measure measure) {
        return measure == Measure.THROUGHPUT
                ? String.format(Locale.ROOT, "%.2f (MB/s)", Ratios.throughput(ours, baseline))
                : String.format(Locale.ROOT, "%.2f (p99: this/quicfiles)", Ratios.p99Inverse(ours, baseline));
    }
}

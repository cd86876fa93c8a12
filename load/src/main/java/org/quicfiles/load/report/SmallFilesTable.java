package org.quicfiles.load.report;

import java.util.List;
import java.util.Locale;
import org.quicfiles.load.driver.Result;

/**
 * Scenario P6 (issue 16) as a markdown table: one row per small-file workload, quicfiles and the
 * bare QUIC server side by side, with ops/s quicfiles / bare and p99 quicfiles / bare.
 */
public final class SmallFilesTable {
    static final String TITLE = "### P6: small files, GET and PUT, quicfiles vs the bare QUIC server (in memory), each workload back to back";
    static final String HEADER = "| workload | quicfiles ops/s | p50 ms | p99 ms | bare ops/s | p50 ms | p99 ms | ops/s quicfiles / bare | p99 quicfiles / bare "
            + "| server CPU µs/op quicfiles, bare | server thread switches/op quicfiles, bare | errors |";
    static final String ALIGN = "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|";

    /** One workload measured on both servers. */
    public record Pair(Result quicfiles, Result bare) {
    }

    private SmallFilesTable() {
    }

    /** The table under its {@code ###} heading, preceded by an empty line, each line ending in a newline. */
    public static String render(List<Pair> pairs) {
        StringBuilder out = new StringBuilder()
                .append('\n').append(TITLE).append("\n\n").append(HEADER).append('\n').append(ALIGN).append('\n');
        for (Pair pair : pairs) {
            Result q = pair.quicfiles();
            Result b = pair.bare();
            String errors = q.errors().isEmpty() && b.errors().isEmpty() ? "0" : q.errors() + " / " + b.errors();
            out.append(String.format(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | **%.2f** | %.2f | %.0f, %.0f | %.1f, %.1f | %s |%n",
                    q.workload().describe(), q.opsPerSecond(), q.p50() / 1000.0, q.p99() / 1000.0,
                    b.opsPerSecond(), b.p50() / 1000.0, b.p99() / 1000.0,
                    Ratios.operations(q, b), Ratios.p99(q, b),
                    q.serverCpuMicrosPerOp(), b.serverCpuMicrosPerOp(), q.serverSwitchesPerOp(), b.serverSwitchesPerOp(),
                    errors));
        }
        return out.toString();
    }
}

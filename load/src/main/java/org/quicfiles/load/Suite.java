package org.quicfiles.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code suite}: scenarios P1–P5 of issue 7 against the forked packaged server, the forked bare
 * QUIC baseline, nginx over HTTPS and raw TCP, printed as one markdown table per scenario with
 * quicfiles/baseline ratios (for latency, baseline/quicfiles, so that 1.0 is parity and lower is
 * worse everywhere).
 */
@Command(name = "suite", mixinStandardHelpOptions = true,
        description = "Runs P1-P5 against quicfiles and the baselines; prints markdown tables (and JSON lines with --json).")
final class Suite implements Callable<Integer> {
    @Option(names = "--dist", defaultValue = "dist/target/quicfiles", description = "The packaged server. Default: ${DEFAULT-VALUE}.")
    Path dist;

    @Option(names = "--work", defaultValue = "load/target/suite", description = "Data, logs, recordings. Default: ${DEFAULT-VALUE}.")
    Path work;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured seconds of each throughput run. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--profile", description = "Record the quicfiles server of P2 with JFR into <work>/p2-quicfiles.jfr.")
    boolean profile;

    @Option(names = "--json", description = "Also print every result as a JSON line (prefixed 'json: ').")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        PrintStream out = System.out;
        Duration run = Duration.ofSeconds(seconds);
        List<Result> all = new ArrayList<>();

        Workload p1 = new Workload(1, 1, Op.GET, List.of(10_000_000L), Duration.ofMinutes(2), 20, 3, false);
        table(out, "P1: one 10 MB GET on one stream", all,
                List.of(measure(quicfiles("p1", "-Xmx1g", false), p1), measure(bare("p1"), p1), measure(Targets.startTcp(), p1)), true);

        Workload p2 = new Workload(16, 8, Op.MIX, List.of(1_000_000L), run, Long.MAX_VALUE, 2, false);
        Result p2Quicfiles = measure(quicfiles("p2", "-Xmx1g", profile), p2);
        table(out, "P2: 16 connections x 8 streams, 1 MB GET+PUT alternating", all,
                List.of(p2Quicfiles, measure(bare("p2"), p2), measure(Targets.startTcp(), p2)), true);

        table(out, "P3: the same 16 x 8 1 MB GET+PUT vs nginx HTTPS (TLS 1.3, HTTP/1.1, java.net.http client: 128 TCP+TLS connections)", all,
                List.of(p2Quicfiles, measure(Targets.startNginx(work.resolve("p3-nginx")), p2)), true);

        Workload p4 = new Workload(16, 16, Op.PUT, List.of(10_000_000L), Duration.ofMinutes(5), 256, 0, false);
        table(out, "P4: 256 concurrent 10 MB uploads (16 connections x 16 streams), servers at -Xmx128m", all,
                List.of(measure(quicfiles("p4", "-Xmx128m", false), p4), measure(bareAt("p4", "-Xmx128m"), p4),
                        // Netty's direct-memory limit defaults to -Xmx: the same heap with its own direct budget
                        measure(quicfiles("p4-direct", "-Xmx128m -XX:MaxDirectMemorySize=512m", false), p4)
                                .withTarget("quicfiles -Xmx128m -XX:MaxDirectMemorySize=512m")), true);

        Workload p5 = new Workload(1, 1, Op.INFO, List.of(1000L), run, 5000, 300, false);
        table(out, "P5: file_info of a 1 KB file, one request at a time on stream 0, vs a bare QUIC ping (stream-0 reply from memory)", all,
                List.of(measure(quicfiles("p5", "-Xmx1g", false), p5), measure(bare("p5"), p5), measure(Targets.startTcp(), p5)), false);

        if (json) {
            all.forEach(r -> out.println("json: " + r.toJson()));
        }
        return all.stream().allMatch(r -> r.errorCount() == 0) ? 0 : 1;
    }

    private Target quicfiles(String scenario, String heap, boolean record) throws IOException {
        String opts = heap + (record ? " -XX:StartFlightRecording=filename=" + work.toAbsolutePath().resolve(scenario + "-quicfiles.jfr")
                + ",settings=profile,dumponexit=true" : "");
        Path folder = work.resolve(scenario + "-quicfiles");
        deleteTree(folder);
        return Targets.startQuicfiles(dist, opts, folder, List.of("--no-delete-expired"));
    }

    private Target bare(String scenario) throws IOException {
        return bareAt(scenario, "-Xmx1g");
    }

    private Target bareAt(String scenario, String heap) throws IOException {
        return Targets.startBare(heap, work.resolve(scenario + "-bare"));
    }

    private Result measure(Target target, Workload workload) throws IOException, InterruptedException {
        try (target) {
            Result result = new Driver(target, workload, LoadTool.progressStream(false)).run();
            System.err.println(result.toText());
            return result;
        }
    }

    /** One scenario's table: the first row is quicfiles, every other row a baseline it is compared with. */
    private static void table(PrintStream out, String title, List<Result> all, List<Result> rows, boolean throughput) {
        all.addAll(rows);
        Result ours = rows.getFirst();
        out.println();
        out.println("### " + title);
        out.println();
        out.println("| target | ops | MB/s | ops/s | p50 ms | p90 ms | p99 ms | max ms | errors | server peak RSS | quicfiles / this |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|");
        for (Result r : rows) {
            String ratio = r == ours ? "—" : throughput
                    ? String.format(Locale.ROOT, "%.2f (MB/s)", ours.megabytesPerSecond() / r.megabytesPerSecond())
                    : String.format(Locale.ROOT, "%.2f (p99: this/quicfiles)", (double) r.p99() / ours.p99());
            out.printf(Locale.ROOT, "| %s | %d | %.1f | %.1f | %.2f | %.2f | %.2f | %.2f | %s | %s | %s |%n",
                    r.target(), r.ops(), r.megabytesPerSecond(), r.opsPerSecond(), r.p50() / 1000.0, r.p90() / 1000.0,
                    r.p99() / 1000.0, r.max() / 1000.0, r.errors().isEmpty() ? "0" : r.errors().toString(),
                    r.peakRssBytes().isPresent() ? String.format(Locale.ROOT, "%.0f MiB", r.peakRssBytes().getAsLong() / 1048576.0) : "—",
                    ratio);
        }
        out.flush();
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}

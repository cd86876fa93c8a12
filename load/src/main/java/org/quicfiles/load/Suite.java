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
 * QUIC baseline, nginx over HTTPS and raw TCP, and P6 of issue 16 (small GETs and PUTs against the
 * bare QUIC server), printed as one markdown table per scenario with quicfiles/baseline ratios (for
 * latency, baseline/quicfiles, so that 1.0 is parity and lower is worse everywhere).
 */
@Command(name = "suite", mixinStandardHelpOptions = true,
        description = "Runs P1-P6 against quicfiles and the baselines; prints markdown tables (and JSON lines with --json).")
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

    @Option(names = "--scenarios", split = ",", defaultValue = "P1,P2,P3,P4,P5,P6",
            description = "Which scenarios to run (P3 needs P2). Default: ${DEFAULT-VALUE}.")
    List<String> scenarios;

    @Option(names = "--p6-seconds", defaultValue = "10",
            description = "Measured seconds of each of P6's eight workloads on each target. Default: ${DEFAULT-VALUE}.")
    int p6Seconds;

    @Option(names = "--serve-args", defaultValue = "",
            description = "Extra flags for every quicfiles server the suite starts, e.g. '--transport quic'.")
    String serveArgs;

    @Override
    public Integer call() throws Exception {
        Files.createDirectories(work);
        PrintStream out = System.out;
        Duration run = Duration.ofSeconds(seconds);
        List<Result> all = new ArrayList<>();

        if (runs("P1")) {
            Workload p1 = new Workload(1, 1, Op.GET, List.of(10_000_000L), Duration.ofMinutes(2), 20, 3, false);
            table(out, "P1: one 10 MB GET on one stream", all,
                    List.of(measure(quicfiles("p1", "-Xmx1g", false), p1), measure(bare("p1"), p1), measure(Targets.startTcp(), p1)), true);
        }

        if (runs("P2") || runs("P3")) {
            Workload p2 = new Workload(16, 8, Op.MIX, List.of(1_000_000L), run, Long.MAX_VALUE, 2, false);
            Result p2Quicfiles = measure(quicfiles("p2", "-Xmx1g", profile), p2);
            if (runs("P2")) {
                table(out, "P2: 16 connections x 8 streams, 1 MB GET+PUT alternating", all,
                        List.of(p2Quicfiles, measure(bare("p2"), p2), measure(Targets.startTcp(), p2)), true);
            }
            if (runs("P3")) {
                table(out, "P3: the same 16 x 8 1 MB GET+PUT vs nginx HTTPS (TLS 1.3, HTTP/1.1, java.net.http client: 128 TCP+TLS connections)", all,
                        List.of(p2Quicfiles, measure(Targets.startNginx(work.resolve("p3-nginx")), p2)), true);
            }
        }

        if (runs("P4")) {
            Workload p4 = new Workload(16, 16, Op.PUT, List.of(10_000_000L), Duration.ofMinutes(5), 256, 0, false);
            table(out, "P4: 256 concurrent 10 MB uploads (16 connections x 16 streams), servers at -Xmx128m", all,
                    List.of(measure(quicfiles("p4", "-Xmx128m", false), p4), measure(bareAt("p4", "-Xmx128m"), p4),
                            // Netty's direct-memory limit defaults to -Xmx: the same heap with its own direct budget
                            measure(quicfiles("p4-direct", "-Xmx128m -XX:MaxDirectMemorySize=512m", false), p4)
                                    .withTarget("quicfiles -Xmx128m -XX:MaxDirectMemorySize=512m")), true);
        }

        if (runs("P5")) {
            Workload p5 = new Workload(1, 1, Op.INFO, List.of(1000L), run, 5000, 300, false);
            table(out, "P5: file_info of a 1 KB file, one request at a time on stream 0, vs a bare QUIC ping (stream-0 reply from memory)", all,
                    List.of(measure(quicfiles("p5", "-Xmx1g", false), p5), measure(bare("p5"), p5), measure(Targets.startTcp(), p5)), false);
        }

        if (runs("P6")) {
            p6(out, all);
        }

        if (json) {
            all.forEach(r -> out.println("json: " + r.toJson()));
        }
        return all.stream().allMatch(r -> r.errorCount() == 0) ? 0 : 1;
    }

    private boolean runs(String scenario) {
        return scenarios.stream().anyMatch(s -> s.trim().equalsIgnoreCase(scenario));
    }

    /**
     * P6 (issue 16): 1 KB and 100 KB GET and PUT at 1×1 and 8×8, each workload on quicfiles and
     * then on the bare QUIC server (a fresh process each, so neither inherits the other's warm-up).
     */
    private void p6(PrintStream out, List<Result> all) throws IOException, InterruptedException {
        Duration run = Duration.ofSeconds(p6Seconds);
        List<Result[]> pairs = new ArrayList<>();
        for (long size : List.of(1000L, 100_000L)) {
            for (Op op : List.of(Op.GET, Op.PUT)) {
                for (int n : List.of(1, 8)) {
                    // 1x1 needs more warm-up operations per stream for the JIT than 64 streams do
                    Workload w = new Workload(n, n, op, List.of(size), run, Long.MAX_VALUE, n == 1 ? 200 : 10, false);
                    String name = "p6-" + op.name().toLowerCase(Locale.ROOT) + "-" + Sizes.format(size).toLowerCase(Locale.ROOT) + "-" + n + "x" + n;
                    Result ours = measure(quicfiles(name, "-Xmx1g", false), w);
                    Result bare = measure(bare(name), w);
                    all.add(ours);
                    all.add(bare);
                    pairs.add(new Result[] {ours, bare});
                }
            }
        }
        out.println();
        out.println("### P6: small files, GET and PUT, quicfiles vs the bare QUIC server (in memory), each workload back to back");
        out.println();
        out.println("| workload | quicfiles ops/s | p50 ms | p99 ms | bare ops/s | p50 ms | p99 ms | ops/s quicfiles / bare | p99 quicfiles / bare "
                + "| server CPU µs/op quicfiles, bare | errors |");
        out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        for (Result[] pair : pairs) {
            Result q = pair[0];
            Result b = pair[1];
            String errors = q.errors().isEmpty() && b.errors().isEmpty() ? "0" : q.errors() + " / " + b.errors();
            out.printf(Locale.ROOT, "| %s | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f | **%.2f** | %.2f | %.0f, %.0f | %s |%n",
                    Result.describe(q.workload()), q.opsPerSecond(), q.p50() / 1000.0, q.p99() / 1000.0,
                    b.opsPerSecond(), b.p50() / 1000.0, b.p99() / 1000.0,
                    q.opsPerSecond() / b.opsPerSecond(), (double) q.p99() / Math.max(b.p99(), 1),
                    q.serverCpuMicrosPerOp(), b.serverCpuMicrosPerOp(), errors);
        }
        out.flush();
    }

    private Target quicfiles(String scenario, String heap, boolean record) throws IOException {
        String opts = heap + (record ? " -XX:StartFlightRecording=filename=" + work.toAbsolutePath().resolve(scenario + "-quicfiles.jfr")
                + ",settings=profile,dumponexit=true" : "");
        Path folder = work.resolve(scenario + "-quicfiles");
        deleteTree(folder);
        List<String> args = new ArrayList<>(List.of("--no-delete-expired"));
        args.addAll(java.util.Arrays.stream(serveArgs.trim().split("\\s+")).filter(a -> !a.isEmpty()).toList());
        return Targets.startQuicfiles(dist, opts, folder, args);
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

package org.quicfiles.load.scenario;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.quicfiles.load.driver.Driver;
import org.quicfiles.load.driver.Op;
import org.quicfiles.load.driver.Result;
import org.quicfiles.load.driver.Sizes;
import org.quicfiles.load.driver.Workload;
import org.quicfiles.load.report.ComparisonTable;
import org.quicfiles.load.report.ResultFormat;
import org.quicfiles.load.report.SmallFilesTable;
import org.quicfiles.load.targets.Target;
import org.quicfiles.load.targets.Targets;
import org.quicfiles.load.targets.WorkFolders;

/**
 * Scenarios P1–P5 of issue 7 against the forked packaged server, the forked bare QUIC baseline,
 * nginx over HTTPS and raw TCP, and P6 of issue 16 (small GETs and PUTs against the bare QUIC
 * server), printed as one markdown table per scenario with quicfiles/baseline ratios (for latency,
 * baseline/quicfiles, so that 1.0 is parity and lower is worse everywhere). The {@code suite}
 * command's options fill its {@link Settings}.
 */
public final class Suite {
    /**
     * @param dist the packaged server's installation folder
     * @param work data, logs and recordings
     * @param seconds measured seconds of each throughput run (P2, P3, P5)
     * @param profile whether P2's quicfiles server is recorded with JFR into {@code work/p2-quicfiles.jfr}
     * @param json whether every result is also printed as a JSON line prefixed {@code json: }
     * @param scenarios which of P1–P6 to run (case-insensitive; P3 reuses P2's quicfiles run)
     * @param p6Seconds measured seconds of each of P6's eight workloads on each target
     * @param serveArgs extra flags for every quicfiles server started
     */
    public record Settings(Path dist, Path work, int seconds, boolean profile, boolean json, List<String> scenarios,
                           int p6Seconds, List<String> serveArgs) {
        /** Copies the lists. */
        public Settings {
            scenarios = List.copyOf(scenarios);
            serveArgs = List.copyOf(serveArgs);
        }
    }

    private final Path dist;
    private final Path work;
    private final int seconds;
    private final boolean profile;
    private final boolean json;
    private final List<String> scenarios;
    private final int p6Seconds;
    private final List<String> serveArgs;

    /** A suite with these settings; nothing starts before {@link #run}. */
    public Suite(Settings settings) {
        this.dist = settings.dist();
        this.work = settings.work();
        this.seconds = settings.seconds();
        this.profile = settings.profile();
        this.json = settings.json();
        this.scenarios = settings.scenarios();
        this.p6Seconds = settings.p6Seconds();
        this.serveArgs = settings.serveArgs();
    }

    /** Runs the chosen scenarios, printing each table on {@code out}; 0 when no operation failed, else 1. */
    public int run(PrintStream out) throws IOException, InterruptedException {
        Files.createDirectories(work);
        Duration run = Duration.ofSeconds(seconds);
        List<Result> all = new ArrayList<>();

        if (runs("P1")) {
            Workload p1 = new Workload(1, 1, Op.GET, List.of(10_000_000L), Duration.ofMinutes(2), 20, 3, false);
            table(out, "P1: one 10 MB GET on one stream", all,
                    List.of(measure(quicfiles("p1", "-Xmx1g", false), p1), measure(bare("p1"), p1), measure(Targets.startTcp(), p1)), ComparisonTable.Measure.THROUGHPUT);
        }

        if (runs("P2") || runs("P3")) {
            Workload p2 = new Workload(16, 8, Op.MIX, List.of(1_000_000L), run, Long.MAX_VALUE, 2, false);
            Result p2Quicfiles = measure(quicfiles("p2", "-Xmx1g", profile), p2);
            if (runs("P2")) {
                table(out, "P2: 16 connections x 8 streams, 1 MB GET+PUT alternating", all,
                        List.of(p2Quicfiles, measure(bare("p2"), p2), measure(Targets.startTcp(), p2)), ComparisonTable.Measure.THROUGHPUT);
            }
            if (runs("P3")) {
                table(out, "P3: the same 16 x 8 1 MB GET+PUT vs nginx HTTPS (TLS 1.3, HTTP/1.1, java.net.http client: 128 TCP+TLS connections)", all,
                        List.of(p2Quicfiles, measure(Targets.startNginx(work.resolve("p3-nginx")), p2)), ComparisonTable.Measure.THROUGHPUT);
            }
        }

        if (runs("P4")) {
            Workload p4 = new Workload(16, 16, Op.PUT, List.of(10_000_000L), Duration.ofMinutes(5), 256, 0, false);
            table(out, "P4: 256 concurrent 10 MB uploads (16 connections x 16 streams), servers at -Xmx128m", all,
                    List.of(measure(quicfiles("p4", "-Xmx128m", false), p4), measure(bareAt("p4", "-Xmx128m"), p4),
                            // Netty's direct-memory limit defaults to -Xmx: the same heap with its own direct budget
                            measure(quicfiles("p4-direct", "-Xmx128m -XX:MaxDirectMemorySize=512m", false), p4)
                                    .withTarget("quicfiles -Xmx128m -XX:MaxDirectMemorySize=512m")), ComparisonTable.Measure.THROUGHPUT);
        }

        if (runs("P5")) {
            Workload p5 = new Workload(1, 1, Op.INFO, List.of(1000L), run, P5_COUNT, P5_WARMUP, false);
            table(out, "P5: file_info of a 1 KB file, one request at a time on stream 0, vs a bare QUIC ping (stream-0 reply from memory)", all,
                    List.of(measure(quicfiles("p5", "-Xmx1g", false), p5), measure(bare("p5"), p5), measure(Targets.startTcp(), p5)), ComparisonTable.Measure.LATENCY);
        }

        if (runs("P6")) {
            p6(out, all);
        }

        if (json) {
            all.forEach(r -> out.println("json: " + ResultFormat.json(r)));
        }
        return all.stream().allMatch(r -> r.errorCount() == 0) ? 0 : 1;
    }

    boolean runs(String scenario) {
        return scenarios.stream().anyMatch(s -> s.trim().equalsIgnoreCase(scenario));
    }

    /**
     * P6 (issue 16): 1 KB and 100 KB GET and PUT at 1×1 and 8×8, each workload on quicfiles and
     * then on the bare QUIC server (a fresh process each, so neither inherits the other's warm-up).
     */
    private void p6(PrintStream out, List<Result> all) throws IOException, InterruptedException {
        Duration run = Duration.ofSeconds(p6Seconds);
        List<SmallFilesTable.Pair> pairs = new ArrayList<>();
        for (long size : List.of(1000L, 100_000L)) {
            for (Op op : List.of(Op.GET, Op.PUT)) {
                for (int n : List.of(1, 8)) {
                    Workload w = new Workload(n, n, op, List.of(size), run, Long.MAX_VALUE, p6Warmup(op, size, n), false);
                    String name = "p6-" + op.name().toLowerCase(Locale.ROOT) + "-" + Sizes.format(size).toLowerCase(Locale.ROOT) + "-" + n + "x" + n;
                    Result ours = measure(quicfiles(name, "-Xmx1g", false), w);
                    Result bare = measure(bare(name), w);
                    all.add(ours);
                    all.add(bare);
                    pairs.add(new SmallFilesTable.Pair(ours, bare));
                }
            }
        }
        out.print(SmallFilesTable.render(pairs));
        out.flush();
    }

    /**
     * P5's requests: measured after the JIT has compiled the server's path, as P6's 1×1 GETs are.
     * With 300 unrecorded requests (until 2026-12-07) the 5,000 measured ones ran while C1 and C2
     * were still at work on one of the machine's two cores, and the p99 was theirs (load/README,
     * "Fewer hand-offs per small request").
     */
    static final int P5_WARMUP = 20_000;
    static final int P5_COUNT = 20_000;

    /**
     * Unrecorded operations per stream before a P6 workload. GETs are cheap and the JIT is still
     * compiling quicfiles' path after a few thousand of them (at 1×1, 3,000 GETs left a 3–4 ms p99
     * that 20,000 removed; load/README, "1 KB GET after long warm-ups"), so they warm up for about
     * ten seconds: 20,000 GETs of 1 KB or 500 MB on one stream, 2 MB or 2,000 GETs on each of 64.
     * (Until 2026-12-07 one stream warmed up with 20 MB: 200 GETs of 100 KB, half a second, after
     * which the server's C2 threads still took 12–16 % of the machine 8–20 s into the measured
     * phase; load/README, "100 KB GET read into send memory".) A PUT waits for two fsyncs: a few
     * hundred uploads outlast the JIT's work, thousands would take minutes.
     */
    static int p6Warmup(Op op, long size, int streams) {
        if (op != Op.GET) {
            return streams == 1 ? 200 : 10;
        }
        return streams == 1
                ? Math.clamp(500_000_000L / size, 100, 20_000)
                : Math.clamp(2_000_000L / size, 10, 2_000);
    }

    private Target quicfiles(String scenario, String heap, boolean record) throws IOException {
        String opts = heap + (record ? " -XX:StartFlightRecording=filename=" + work.toAbsolutePath().resolve(scenario + "-quicfiles.jfr")
                + ",settings=profile,dumponexit=true" : "");
        Path folder = work.resolve(scenario + "-quicfiles");
        WorkFolders.delete(folder);
        List<String> args = new ArrayList<>(List.of("--no-delete-expired"));
        args.addAll(serveArgs);
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
            // progress on stderr only when a person watches
            Result result = new Driver(target, workload, System.console() != null ? System.err : null).run();
            System.err.println(ResultFormat.text(result));
            return result;
        }
    }

    /** One scenario's table: the first row is quicfiles, every other row a baseline it is compared with. */
    private static void table(PrintStream out, String title, List<Result> all, List<Result> rows, ComparisonTable.Measure measure) {
        all.addAll(rows);
        out.print(ComparisonTable.render(title, rows, measure));
        out.flush();
    }
}

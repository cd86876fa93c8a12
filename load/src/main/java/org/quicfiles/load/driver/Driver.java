package org.quicfiles.load.driver;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.quicfiles.load.payload.DownloadSink;
import org.quicfiles.load.payload.Payloads;
import org.quicfiles.load.targets.Target;
import org.quicfiles.load.targets.Targets;

/**
 * Runs a {@link Workload} against a {@link Target}: opens the connections, seeds one file per size,
 * warms up, then runs {@code connections × streams} virtual-thread workers until the duration or
 * the count is reached, recording each successful operation's latency in an HdrHistogram.
 */
public final class Driver {
    private static final AtomicLong UNIQUE = new AtomicLong(System.nanoTime());

    private final Target target;
    private final Workload workload;
    private final PrintStream progress;

    /** @param progress where to print a progress line every second, or {@code null} for none */
    public Driver(Target target, Workload workload, PrintStream progress) {
        this.target = target;
        this.workload = workload;
        this.progress = progress;
    }

    public Result run() throws IOException, InterruptedException {
        List<Target.Connection> connections = new ArrayList<>();
        try {
            for (int i = 0; i < workload.connections(); i++) {
                connections.add(target.connect());
            }
            Map<Long, String> seeded = seed(connections.getFirst());
            if (workload.warmup() > 0) {
                phase(connections, seeded, workload.warmup() * (long) workload.workers(), Long.MAX_VALUE, null);
            }
            LatencyTally tally = new LatencyTally();
            OptionalLong cpuBefore = target.serverCpuNanos();
            OptionalLong switchesBefore = target.serverContextSwitches();
            long start = System.nanoTime();
            long deadline = start + workload.duration().toNanos();
            phase(connections, seeded, workload.count(), deadline, tally);
            long elapsed = System.nanoTime() - start;
            OptionalLong cpuAfter = target.serverCpuNanos();
            OptionalLong switchesAfter = target.serverContextSwitches();
            LatencyTally.Latencies latencies = tally.latencies();
            return new Result(target.name(), workload, latencies.count(), tally.errors(), tally.bytes(), elapsed,
                    latencies.p50(), latencies.p90(), latencies.p99(), latencies.max(),
                    target.peakRssBytes(), difference(cpuBefore, cpuAfter), difference(switchesBefore, switchesAfter));
        } finally {
            connections.forEach(Target.Connection::close);
        }
    }

    private static OptionalLong difference(OptionalLong before, OptionalLong after) {
        return before.isPresent() && after.isPresent() ? OptionalLong.of(after.getAsLong() - before.getAsLong()) : OptionalLong.empty();
    }

    /** Uploads the pattern once per size; GET and INFO use these files. */
    private Map<Long, String> seed(Target.Connection connection) throws IOException {
        Map<Long, String> ids = new HashMap<>();
        if (workload.op() != Op.PUT) {
            for (long size : workload.sizes()) {
                ids.put(size, connection.put(Payloads.channel(size), size));
            }
        }
        return ids;
    }

    private void phase(List<Target.Connection> connections, Map<Long, String> seeded, long count, long deadline, LatencyTally tally)
            throws InterruptedException {
        AtomicLong started = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int c = 0; c < connections.size(); c++) {
            for (int s = 0; s < workload.streams(); s++) {
                int worker = c * workload.streams() + s;
                Target.Connection connection = connections.get(c);
                workers.add(Thread.ofVirtual().name("load-" + worker).start(
                        () -> work(worker, connection, seeded, started, count, deadline, tally)));
            }
        }
        Thread reporter = tally != null && progress != null ? Thread.ofPlatform().daemon().start(() -> report(tally)) : null;
        for (Thread worker : workers) {
            worker.join();
        }
        if (reporter != null) {
            reporter.interrupt();
            reporter.join();
            progress.print("\r\033[K");
            progress.flush();
        }
    }

    private void work(int worker, Target.Connection connection, Map<Long, String> seeded, AtomicLong started,
                      long count, long deadline, LatencyTally tally) {
        Histogram histogram = tally == null ? null : tally.newHistogram();
        for (long n = 0; System.nanoTime() < deadline && started.getAndIncrement() < count; n++) {
            Op op = workload.op().step(n);
            long size = workload.sizeFor(worker, n);
            long t0 = System.nanoTime();
            try {
                long moved = switch (op) {
                    case PUT -> {
                        connection.put(Payloads.uniqueUpload(size, UNIQUE.incrementAndGet()), size);
                        yield size;
                    }
                    case GET -> {
                        connection.get(seeded.get(size), new DownloadSink(size, workload.verify()));
                        yield size;
                    }
                    case INFO -> {
                        connection.info(seeded.get(size));
                        yield 0;
                    }
                    case MIX -> throw new IllegalStateException("MIX is resolved by step()");
                };
                if (tally != null) {
                    LatencyTally.record(histogram, System.nanoTime() - t0);
                    tally.addBytes(moved);
                }
            } catch (IOException | RuntimeException e) {
                if (tally != null) {
                    tally.fail(Targets.classify(e), e);
                }
            }
        }
    }

    private void report(LatencyTally tally) {
        long start = System.nanoTime();
        try {
            while (true) {
                Thread.sleep(1000); // a display refresh, not synchronisation
                double seconds = (System.nanoTime() - start) / 1e9;
                progress.printf(Locale.ROOT, "\r\033[K%s %s: %.0f s, %.1f MB/s, %d errors", target.name(),
                        workload.describe(), seconds, tally.bytes() / 1e6 / seconds, tally.errorCount());
                progress.flush();
            }
        } catch (InterruptedException e) {
            // the phase is over
        }
    }
}

package org.quicfiles.transport.quic.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.ClientOptions;

/**
 * Streams 100 MB through quicfiles (upload into a discarding command, download from a generating
 * one) and through a bare Netty QUIC server, over loopback in one JVM, and prints the medians of
 * runs 4 to 8 in MB/s. Usage: {@code ThroughputBench [io] [megabytes] [runs]}. Not a unit test.
 */
public final class ThroughputBench {
    private ThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        String io = args.length > 0 ? args[0] : "auto";
        long size = (args.length > 1 ? Long.parseLong(args[1]) : 100) * 1_000_000L;
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        try (TestServer server = new TestServer(Map.of("io", io));
             CountingQuicServer bare = new CountingQuicServer(server.identity, DatagramIo.resolve(DatagramIo.Choice.parse(io)));
             QuicFilesClient ours = server.connect();
             QuicFilesClient baseline = QuicFilesClient.connect(ClientOptions.unpinned(bare.address(), java.time.Duration.ofSeconds(30)))) {
            Map<String, Object> discard = Map.of("!", "DISCARD");
            Map<String, Object> generate = Map.of("!", "GENERATE", "n", size);
            List<Double> up = new ArrayList<>();
            List<Double> down = new ArrayList<>();
            List<Double> bareUp = new ArrayList<>();
            for (int run = 1; run <= runs; run++) {
                bareUp.add(time(size, () -> baseline.stream(discard, Channels.repeat(size), new Channels.Count())));
                up.add(time(size, () -> ours.stream(discard, Channels.repeat(size), new Channels.Count())));
                down.add(time(size, () -> ours.stream(generate, Channels.repeat(0), new Channels.Count())));
                System.out.printf("run %d: bare up %.0f, quicfiles up %.0f, quicfiles down %.0f MB/s%n",
                        run, bareUp.getLast(), up.getLast(), down.getLast());
            }
            double b = median(bareUp);
            double u = median(up);
            double d = median(down);
            System.out.printf("%s (%s): median of runs 4-%d: bare up %.0f MB/s, quicfiles up %.0f MB/s (%.2f of bare), "
                    + "quicfiles down %.0f MB/s%n", server.transport.describe(), io, runs, b, u, u / b, d);
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double time(long size, Run run) throws Exception {
        long start = System.nanoTime();
        run.run();
        return size / 1e6 / ((System.nanoTime() - start) / 1e9);
    }

    private static double median(List<Double> values) {
        List<Double> steady = new ArrayList<>(values.subList(Math.min(3, values.size() - 1), values.size()));
        Collections.sort(steady);
        return steady.get(steady.size() / 2);
    }
}

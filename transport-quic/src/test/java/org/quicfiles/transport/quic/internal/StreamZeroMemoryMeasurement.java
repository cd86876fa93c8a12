package org.quicfiles.transport.quic.internal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Measures what stream 0 makes the server hold (decision note 0411); not a test, run on demand:
 * {@code mvn -pl transport-quic -am verify -Dtest=StreamZeroMemoryMeasurement -Dquicfiles.measure=true
 * -Dsurefire.failIfNoSpecifiedTests=false}. Prints heap after GC and the process's RSS at each step
 * (client and server share this JVM: the numbers are upper bounds for the server).
 */
@EnabledIfSystemProperty(named = "quicfiles.measure", matches = "true")
class StreamZeroMemoryMeasurement {
    private static final int FRAME = 10_000_000;
    private static final int PEERS = Integer.getInteger("quicfiles.measure.peers", 26);

    @Test
    void partialFramesAndOneConnectionsCommands() throws Exception {
        report("start");
        try (TestServer server = new TestServer(Map.of("stall-timeout", "3s", "max-requests", "32"))) {
            List<RawPeer> peers = new ArrayList<>();
            try {
                // A: 26 connections, each sends 99 % of a 10 MB frame and stops
                byte[] partial = new byte[FRAME - 100_000];
                byte[] prefix = (FRAME + ":").getBytes(StandardCharsets.US_ASCII);
                List<RawPeer.Stream> streams = new ArrayList<>();
                List<io.netty.channel.ChannelFuture> writes = new ArrayList<>();
                for (int i = 0; i < PEERS; i++) {
                    RawPeer peer = RawPeer.connect(server.address());
                    peers.add(peer);
                    RawPeer.Stream stream = peer.open(true);
                    stream.write(prefix, false);
                    writes.add(stream.write(partial, false));
                    streams.add(stream);
                }
                long started = System.nanoTime();
                for (io.netty.channel.ChannelFuture write : writes) {
                    write.sync();
                }
                System.out.println("MEASURE A: " + PEERS + " x 9.9 MB written in " + (System.nanoTime() - started) / 1_000_000 + " ms");
                TimeUnit.SECONDS.sleep(2); // measurement only: let the server read what was sent
                report("A: " + PEERS + " connections holding 9.9 MB of a 10 MB frame");
                TimeUnit.SECONDS.sleep(5); // past the stall timeout
                report("A: 5 s later (stall-timeout 3s)");
                int ended = 0;
                for (RawPeer.Stream stream : streams) {
                    try {
                        stream.awaitEnd(0);
                        ended++;
                    } catch (java.util.concurrent.TimeoutException stillOpen) {
                        // held
                    }
                }
                System.out.println("MEASURE A: request streams ended by the server: " + ended + " of " + PEERS);
            } finally {
                peers.forEach(RawPeer::close);
            }
            TimeUnit.SECONDS.sleep(2);
            report("A: peers closed");

            // B: one connection sends 32 commands of 1 MB to an endpoint that blocks
            try (RawPeer peer = RawPeer.connect(server.address())) {
                RawPeer.Stream requests = peer.open(true);
                byte[] body = TestServer.paddedBody(1 << 20);
                java.io.ByteArrayOutputStream flood = new java.io.ByteArrayOutputStream();
                for (int id = 0; id < 32; id++) {
                    flood.writeBytes(new org.quicfiles.protocol.Frame.Command(id, "slow", body).encode());
                }
                requests.write(flood.toByteArray(), false);
                TimeUnit.SECONDS.sleep(4);
                report("B: one connection, 32 blocked commands of 1 MiB sent; commands read: " + server.slowPeak.get());
                server.slowGate.countDown();
            }
        }
    }

    private static void report(String step) throws Exception {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        long heap = Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory();
        String rss = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(line -> line.startsWith("VmRSS:")).findFirst().orElse("VmRSS: ?").replaceAll("\\s+", " ");
        System.out.println("MEASURE " + step + ": heap after GC " + (heap >> 20) + " MiB, " + rss);
    }
}

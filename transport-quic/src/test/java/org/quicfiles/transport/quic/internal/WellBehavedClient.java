package org.quicfiles.transport.quic.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.internal.RawWire;

/**
 * A client on its own connection that keeps doing small round trips (a stream-0 request and an
 * echo stream) while a test abuses the server, and records each round's latency. The test prints the
 * percentiles; it does not assert on them.
 */
final class WellBehavedClient implements AutoCloseable {
    private static final byte[] BODY = "{\"ping\":1}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ECHO = "11:d1:!4:ECHOehello".getBytes(StandardCharsets.US_ASCII);

    private final QuicFilesClient client;
    private final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private volatile boolean stopping;
    private volatile int roundsAtStop = Integer.MAX_VALUE;
    private final Thread thread;

    WellBehavedClient(TestServer server) throws Exception {
        client = server.connect();
        thread = Thread.ofVirtual().name("well-behaved-client").start(this::run);
    }

    private void run() {
        try {
            while (!stopping || latencies.size() <= roundsAtStop) {
                long start = System.nanoTime();
                if (!java.util.Arrays.equals(BODY, client.request("echo", BODY))) {
                    throw new AssertionError("wrong stream-0 reply");
                }
                if (!java.util.Arrays.equals("hello".getBytes(StandardCharsets.US_ASCII), RawWire.exchange(client, ECHO, true))) {
                    throw new AssertionError("wrong echo");
                }
                latencies.add(System.nanoTime() - start);
            }
            stopped.complete(null);
        } catch (Throwable e) {
            stopped.completeExceptionally(e);
        }
    }

    /**
     * Lets the client finish one more full round (so that at least one round ran while the abuse
     * the caller still holds was in effect), stops it, and prints its latency percentiles.
     *
     * @throws Exception if any round failed
     */
    void stopAndReport(String during) throws Exception {
        roundsAtStop = latencies.size();
        stopping = true;
        stopped.get(60, java.util.concurrent.TimeUnit.SECONDS);
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        System.out.printf("well-behaved client during %s: %d rounds, latency ms p50 %.2f p90 %.2f p99 %.2f max %.2f%n",
                during, sorted.size(), percentile(sorted, 50), percentile(sorted, 90), percentile(sorted, 99),
                sorted.getLast() / 1e6);
    }

    private static double percentile(List<Long> sorted, int p) {
        int index = Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1);
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    @Override
    public void close() {
        stopping = true;
        roundsAtStop = 0;
        try {
            thread.join(java.time.Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        client.close();
    }
}

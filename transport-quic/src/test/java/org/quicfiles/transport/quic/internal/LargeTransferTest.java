package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.client.QuicFilesClient;

/**
 * 512 MiB each way through one stream. Memory stays bounded: the test JVM has a 256 MiB heap, the
 * data is generated and checked on the fly, and Netty's pooled direct memory (every in-flight
 * buffer of client and server) is sampled during the transfer and must stay far below the size of
 * the transfer.
 */
class LargeTransferTest {
    private static final long SIZE = 512L << 20;
    private static final long DIRECT_MEMORY_BOUND = 96L << 20;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // Netty 4.2.18 now and then neither signals STOP_SENDING nor marks the output shut down (see
        // FileStreamExchange); the stall timeout then releases the abandoned writer, within the poll below
        server = new TestServer(java.util.Map.of("stall-timeout", "10s"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static <T> T withPeakDirectMemory(AtomicLong peak, Transfer<T> transfer) throws Exception {
        ByteBufAllocatorMetricProvider metrics = (ByteBufAllocatorMetricProvider) ByteBufAllocator.DEFAULT;
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleAtFixedRate(() -> peak.accumulateAndGet(metrics.metric().usedDirectMemory(), Math::max),
                0, 20, TimeUnit.MILLISECONDS);
        try {
            return transfer.run();
        } finally {
            sampler.shutdownNow();
        }
    }

    private interface Transfer<T> {
        T run() throws Exception;
    }

    @Test
    void uploadsHalfAGibibyteWithBoundedMemory() throws Exception {
        AtomicLong peak = new AtomicLong();
        try (QuicFilesClient client = server.connect()) {
            Channels.Collect reply = new Channels.Collect();
            withPeakDirectMemory(peak, () -> {
                client.stream(Map.of("!", "DISCARD"), Channels.pattern(SIZE), reply);
                return null;
            });
            assertEquals(Long.toString(SIZE), reply.bytes.toString(StandardCharsets.US_ASCII));
        }
        assertTrue(peak.get() < DIRECT_MEMORY_BOUND, "peak pooled direct memory " + peak.get());
    }

    @Test
    void downloadsHalfAGibibyteWithBoundedMemory() throws Exception {
        AtomicLong peak = new AtomicLong();
        try (QuicFilesClient client = server.connect()) {
            Channels.PatternCheck check = new Channels.PatternCheck();
            withPeakDirectMemory(peak, () -> {
                client.stream(Map.of("!", "GENERATE", "n", SIZE), Channels.pattern(0), check);
                return null;
            });
            assertEquals(SIZE, check.count);
            assertEquals(0, check.mismatches);
        }
        assertTrue(peak.get() < DIRECT_MEMORY_BOUND, "peak pooled direct memory " + peak.get());
    }

    @Test
    void aClientThatAbandonsADownloadStopsTheHandler() throws Exception {
        server.handlerFailures.clear();
        try (QuicFilesClient client = server.connect()) {
            assertThrows(IOException.class, () -> client.stream(
                    Map.of("!", "GENERATE", "n", 1L << 40), Channels.pattern(0),
                    Channels.failingAfter(1 << 20)));
            Throwable failure = server.handlerFailures.poll(20, TimeUnit.SECONDS);
            // Netty 4.2.18 reports STOP_SENDING without its code, so the peer code is not asserted
            assertInstanceOf(StreamAbortedException.class, failure);
        }
    }
}

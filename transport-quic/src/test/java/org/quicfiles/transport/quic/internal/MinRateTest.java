package org.quicfiles.transport.quic.internal;

import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.protocol.Bt;
import org.quicfiles.bridge.MinimumRate;
import org.quicfiles.protocol.HeaderBlockParser;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;


/**
 * {@code transport.min-rate}: a peer that drips an upload just fast enough to dodge the stall
 * timeout is reset with 499 once a window of waiting shows it below the rate, while a slow peer
 * above the rate completes.
 */
class MinRateTest {
    private static final int RATE = 1000;
    private static final byte[] DISCARD = HeaderBlockParser.encode(Bt.Dict.builder().put("!", "DISCARD").build());
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("stall-timeout", "2s", "min-rate", Integer.toString(RATE),
                "min-rate-window", "2s"));
    }

    @AfterAll
    static void stop() {
        server.close();
        assertEquals(List.of(), LeakRecorder.unexpectedLeaks(), "buffers leaked");
    }

    @Test
    void aPeerDrippingUnderTheStallTimeoutIsResetBelowTheMinimumRate() throws Exception {
        try (WellBehavedClient good = new WellBehavedClient(server); RawPeer peer = RawPeer.connect(server.address())) {
            peer.open(true).write("5:l1:".getBytes(StandardCharsets.US_ASCII), false); // hold stream 0
            RawPeer.Stream stream = peer.open(true);
            stream.write(DISCARD, false);
            AtomicInteger sent = new AtomicInteger();
            // one byte every 300 ms: never silent for the 2 s stall timeout, but 3 B/s
            ScheduledFuture<?> drip = stream.channel.eventLoop().scheduleAtFixedRate(() -> {
                if (stream.channel.isActive()) {
                    sent.incrementAndGet();
                    stream.channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {'x'}));
                }
            }, 0, 300, TimeUnit.MILLISECONDS);
            try {
                assertEquals(499, stream.awaitEnd(20));
            } finally {
                drip.cancel(false);
            }
            assertTrue(sent.get() < 40, "cut off after about one window, not after " + sent.get() + " drips");
            good.stopAndReport("an upload dripped under the stall timeout");
        }
    }

    @Test
    void aSlowPeerAboveTheMinimumRateCompletes() throws Exception {
        try (RawPeer peer = RawPeer.connect(server.address())) {
            peer.open(true).write("5:l1:".getBytes(StandardCharsets.US_ASCII), false);
            RawPeer.Stream stream = peer.open(true);
            stream.write(DISCARD, false);
            int chunks = 20;
            int chunk = RATE; // 1,000 bytes every 250 ms: 4 × the minimum, for 5 s (2.5 windows)
            for (int i = 0; i < chunks; i++) {
                stream.write(new byte[chunk], i == chunks - 1).sync();
                if (i < chunks - 1) {
                    Thread.sleep(250); // pacing the upload, not synchronisation
                }
            }
            assertEquals(-1L, stream.awaitEnd(20));
            assertArrayEquals(Integer.toString(chunks * chunk).getBytes(StandardCharsets.US_ASCII), stream.received());
        }
    }
}

package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.FrameParser;
import org.quicfiles.protocol.Wire;

/** What one connection may hold on stream 0 (decision note 0411). */
class RequestStreamMemoryTest {
    @Test
    void aFrameThatStopsArrivingIsResetAfterTheStallTimeoutAndFreed() throws Exception {
        try (TestServer server = new TestServer(Map.of("stall-timeout", "1s"));
             RawPeer peer = RawPeer.connect(server.address())) {
            RawPeer.Stream requests = peer.open(true);
            // a 10 MB frame of which only the start ever arrives
            requests.write((Wire.MAX_FRAME_SIZE + ":l1:Ci0e4:slow").getBytes(StandardCharsets.US_ASCII), false);

            assertEquals(Wire.MALFORMED_FRAME_CODE, requests.awaitEnd(20));
            assertNotNull(server.log.await("a frame in progress stalled", 10), server.log.lines().toString());
        }
    }

    @Test
    void aFrameDrippingUnderTheStallTimeoutIsResetBelowTheMinimumRate() throws Exception {
        try (TestServer server = new TestServer(Map.of("stall-timeout", "2s", "min-rate", "1000",
                "min-rate-window", "2s"));
             RawPeer peer = RawPeer.connect(server.address())) {
            RawPeer.Stream requests = peer.open(true);
            requests.write((Wire.MAX_FRAME_SIZE + ":l1:Ci0e4:slow").getBytes(StandardCharsets.US_ASCII), false);
            java.util.concurrent.atomic.AtomicInteger sent = new java.util.concurrent.atomic.AtomicInteger();
            // one byte every 300 ms: never silent for the 2 s stall timeout, but 3 B/s
            java.util.concurrent.ScheduledFuture<?> drip = requests.channel.eventLoop().scheduleAtFixedRate(() -> {
                if (requests.channel.isActive()) {
                    sent.incrementAndGet();
                    requests.channel.writeAndFlush(io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {'x'}));
                }
            }, 0, 300, java.util.concurrent.TimeUnit.MILLISECONDS);
            try {
                assertEquals(Wire.MALFORMED_FRAME_CODE, requests.awaitEnd(20));
            } finally {
                drip.cancel(false);
            }
            assertTrue(sent.get() < 40, "cut off after about one window, not after " + sent.get() + " drips");
            assertNotNull(server.log.await("a frame in progress stalled", 10), server.log.lines().toString());
        }
    }

    @Test
    void oneConnectionHoldsAtMostItsCapAndCarriesOnAsItsCommandsFinish() throws Exception {
        int commands = 32;
        byte[] body = TestServer.paddedBody(1 << 20);
        try (TestServer server = new TestServer(Map.of("max-requests", "32", "request-memory-per-connection",
                Integer.toString(Wire.MAX_FRAME_SIZE)));
             RawPeer peer = RawPeer.connect(server.address())) {
            RawPeer.Stream requests = peer.open(true);
            ByteArrayOutputStream flood = new ByteArrayOutputStream();
            for (int id = 0; id < commands; id++) {
                flood.writeBytes(new Frame.Command(id, "slow", body).encode());
            }
            requests.write(flood.toByteArray(), false);

            // the pause is logged when it happens; the commands it holds back block on the gate, so none
            // can start later: the count below is final until the gate opens
            assertNotNull(server.log.await("one connection held request-memory-per-connection", 20),
                    server.log.lines().toString());
            int started = server.slowPeak.get();
            assertTrue(started <= Wire.MAX_FRAME_SIZE / body.length + 1,
                    started + " commands of 1 MiB read under a 10 MB cap (max-requests allowed 32)");

            server.slowGate.countDown();
            int repliesLength = 0;
            for (int id = 0; id < commands; id++) {
                repliesLength += new Frame.Reply(id, TestServer.SLOW_REPLY_JSON).encode().length;
            }
            byte[] replies = requests.awaitReceived(repliesLength, 30);
            assertEquals(commands, new FrameParser().feed(ByteBuffer.wrap(replies)).size(), "all ran in the end");
        }
    }
}

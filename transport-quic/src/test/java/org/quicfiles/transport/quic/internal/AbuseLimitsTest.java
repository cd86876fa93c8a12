package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.internal.RawWire;
import org.quicfiles.protocol.HeaderBlockParser;

/**
 * Each abuse is cut off by a configured limit while a well-behaved client on another connection
 * keeps being served; its latency percentiles are printed, not asserted. Afterwards Netty's
 * paranoid leak detector must have reported no leaked buffer ({@link LeakRecorder}).
 */
class AbuseLimitsTest {
    private static final int MAX_STREAMS = 8;
    private static final int MAX_REQUESTS = 4;
    private static final byte[] ECHO = ascii("11:d1:!4:ECHOe");
    /** A valid but unfinished stream-0 frame: keeps the request stream open and quiet. */
    private static final byte[] PARTIAL_FRAME = ascii("5:l1:");
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("max-streams", Integer.toString(MAX_STREAMS), "header-timeout", "1s",
                "max-header-size", "256", "stall-timeout", "1s", "max-requests", Integer.toString(MAX_REQUESTS)));
    }

    @AfterAll
    static void stop() {
        server.close();
        assertEquals(List.of(), LeakRecorder.unexpectedLeaks(), "buffers leaked by the abuse");
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** Opens stream 0 and leaves it quiet, so that later streams are file streams. */
    private static void holdRequestStream(RawPeer peer) throws Exception {
        peer.open(true).write(PARTIAL_FRAME, false).sync();
    }

    @Test
    void aStreamFloodStopsAtTheStreamLimitAndFinishedStreamsGiveCreditBack() throws Exception {
        try (WellBehavedClient good = new WellBehavedClient(server); RawPeer peer = RawPeer.connect(server.address())) {
            holdRequestStream(peer);
            List<RawPeer.Stream> held = new ArrayList<>();
            while (peer.streamsAllowed() > 0) {
                RawPeer.Stream stream = peer.open(true);
                stream.write(ECHO, false).sync();
                held.add(stream);
            }
            assertEquals(MAX_STREAMS - 1, held.size(), "stream 0 and the file streams fill the limit exactly");
            // QUIC itself refuses a stream beyond the server's limit: the peer cannot open it
            assertThrows(Exception.class, () -> peer.open(true));
            good.stopAndReport("a stream flood (" + MAX_STREAMS + " streams held open, one more refused)");

            // finished streams give their credit back. Two, because Netty 4.2.18's client spent a stream id
            // on the refused attempt, so its next stream needs the limit raised by two
            for (RawPeer.Stream finished : held.subList(held.size() - 2, held.size())) {
                finished.write(ascii("bye"), true);
                assertEquals(-1, finished.awaitEnd(10));
                assertArrayEquals(ascii("bye"), finished.received());
            }
            peer.awaitStreamCredit(2, 10);
            RawPeer.Stream next = peer.open(true);
            next.write(concat(ECHO, ascii("again")), true);
            assertEquals(-1, next.awaitEnd(10));
            assertArrayEquals(ascii("again"), next.received());
        }
    }

    @Test
    void aConnectionFloodStopsAtMaxConnections() throws Exception {
        int maxConnections = 4;
        try (TestServer limited = new TestServer(Map.of("max-connections", Integer.toString(maxConnections)));
             WellBehavedClient good = new WellBehavedClient(limited)) {
            List<RawPeer> flood = new ArrayList<>();
            int served = 0;
            int refused = 0;
            try {
                for (int i = 0; i < 12; i++) {
                    try {
                        RawPeer peer = RawPeer.connect(limited.address());
                        flood.add(peer);
                        holdRequestStream(peer);
                        RawPeer.Stream stream = peer.open(true);
                        stream.write(concat(ECHO, ascii("x")), true);
                        assertEquals(-1, stream.awaitEnd(10));
                        served++;
                    } catch (Exception closedByTheServer) {
                        refused++;
                    }
                }
                assertEquals(maxConnections - 1, served, "the well-behaved client holds one of the connections");
                assertEquals(12 - served, refused);
                assertEquals(maxConnections, limited.openConnections());
                String refusedLine = limited.log.await("connection(s) refused: max-connections reached", 10);
                assertTrue(refusedLine != null && !refusedLine.contains("127.0.0.1"), limited.log.lines().toString());
                good.stopAndReport("a connection flood (12 more connections, " + served + " admitted)");
            } finally {
                flood.forEach(RawPeer::close);
            }
            awaitCondition(() -> limited.openConnections() == 1, 10);
            try (QuicFilesClient again = limited.connect()) {
                assertArrayEquals(TestServer.echoBody(7), again.request("echo", TestServer.echoBody(7)));
            }
        }
    }

    @Test
    void aHeaderBlockSentByteByByteForeverIsCutOffByTheHeaderTimeout() throws Exception {
        byte[] endless = ascii("200:d1:ai1e1:bi2e1:ci3e1:di4e1:ei5e1:fi6e1:gi7e1:hi8e1:ii9e1:ji10e");
        try (WellBehavedClient good = new WellBehavedClient(server); RawPeer peer = RawPeer.connect(server.address())) {
            holdRequestStream(peer);
            RawPeer.Stream stream = peer.open(true);
            AtomicInteger sent = new AtomicInteger();
            ScheduledFuture<?> drip = stream.channel.eventLoop().scheduleAtFixedRate(() -> {
                if (stream.channel.isActive()) {
                    int i = sent.getAndIncrement();
                    stream.channel.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {endless[i % endless.length]}));
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            try {
                assertEquals(400, stream.awaitEnd(20));
            } finally {
                drip.cancel(false);
            }
            assertTrue(sent.get() < 200, "cut off before the block could complete");
            good.stopAndReport("a header block dripped byte by byte");
            assertTrue(server.log.await("command block not complete within header-timeout", 10) != null,
                    server.log.lines().toString());
        }
    }

    @Test
    void anOversizedOrEndlessLengthPrefixIsRefusedAtOnce() throws Exception {
        try (QuicFilesClient client = server.connect()) {
            for (String prefix : new String[] {"257:", "99999:", "11111111111", "0000"}) {
                QuicFilesClientException e = assertThrows(QuicFilesClientException.class,
                        () -> RawWire.exchange(client, ascii(prefix), false), prefix);
                assertEquals(400, e.wireCode(), prefix);
            }
        }
    }

    @Test
    void aDownloadNobodyReadsIsResetAfterTheStallTimeout() throws Exception {
        server.handlerFailures.clear();
        byte[] generate = HeaderBlockParser.encode(Bt.Dict.builder().put("!", "GENERATE").put("n", 1L << 30).build());
        try (WellBehavedClient good = new WellBehavedClient(server); RawPeer peer = RawPeer.connect(server.address())) {
            holdRequestStream(peer);
            RawPeer.Stream stream = peer.open(false);
            stream.write(generate, true);
            Throwable failure = server.handlerFailures.poll(30, TimeUnit.SECONDS);
            assertInstanceOf(StreamAbortedException.class, failure, "the writer was released by the stall timeout");
            good.stopAndReport("a 1 GiB download that its peer never reads");
            stream.startReading();
            assertEquals(499, stream.awaitEnd(10));
            assertTrue(server.log.await("no progress from the peer for stall-timeout", 10) != null,
                    server.log.lines().toString());
            // the peer's window, plus at most what the writer had queued when the reset raced our read
            long bound = RawPeer.STREAM_WINDOW + TestServer.maxQueuedResponse();
            assertTrue(stream.received().length <= bound, "sent " + stream.received().length + " bytes of 1 GiB");
        }
    }

    @Test
    void anUploadLargerThanDeclaredIsResetWithTheCommandsCodeAndTheNextStreamWorks() throws Exception {
        try (QuicFilesClient client = server.connect()) {
            byte[] tenBytes = HeaderBlockParser.encode(Bt.Dict.builder().put("!", "SIZED").put("s", 10).build());
            assertEquals(453, assertThrows(QuicFilesClientException.class,
                    () -> RawWire.exchange(client, concat(tenBytes, new byte[20]), true)).wireCode());
            // 4 MiB more than declared: the command refuses at its first read past the size; the client
            // library reports only "STOP_SENDING" for a write cut short, so a raw peer reads the code
            try (RawPeer peer = RawPeer.connect(server.address())) {
                holdRequestStream(peer);
                RawPeer.Stream stream = peer.open(true);
                stream.write(concat(tenBytes, new byte[4 << 20]), true);
                assertEquals(453, stream.awaitEnd(10));
            }
            assertEquals(452, assertThrows(QuicFilesClientException.class,
                    () -> RawWire.exchange(client, concat(tenBytes, new byte[3]), true)).wireCode());
            assertArrayEquals(ascii("ok"), RawWire.exchange(client, concat(tenBytes, new byte[10]), true));
        }
    }

    @Test
    void aRequestFloodOnStreamZeroRunsAtMostMaxRequestsAtOnce() throws Exception {
        int commands = 3 * MAX_REQUESTS;
        java.io.ByteArrayOutputStream flood = new java.io.ByteArrayOutputStream();
        for (int id = 0; id < commands; id++) {
            flood.writeBytes(new org.quicfiles.protocol.Frame.Command(id, "slow", ascii("{}")).encode());
        }
        try (WellBehavedClient good = new WellBehavedClient(server); RawPeer peer = RawPeer.connect(server.address())) {
            RawPeer.Stream requests = peer.open(true);
            requests.write(flood.toByteArray(), false);
            assertTrue(server.slowStarted.tryAcquire(MAX_REQUESTS, 10, TimeUnit.SECONDS));
            good.stopAndReport("a flood of " + commands + " blocked stream-0 commands on one connection");
            server.slowGate.countDown();
            int repliesLength = 0;
            for (int id = 0; id < commands; id++) {
                repliesLength += new org.quicfiles.protocol.Frame.Reply(id, TestServer.SLOW_REPLY_JSON).encode().length;
            }
            byte[] replies = requests.awaitReceived(repliesLength, 10);
            assertEquals(commands, new org.quicfiles.protocol.FrameParser().feed(java.nio.ByteBuffer.wrap(replies)).size());
            assertEquals(MAX_REQUESTS, server.slowPeak.get(), "commands beyond max-requests waited");
            assertTrue(server.log.await("max-requests commands in flight", 10) != null, server.log.lines().toString());
        }
    }

    /** Waits for a condition the server reaches asynchronously (checked every 10 ms, bounded). */
    static void awaitCondition(BooleanSupplier condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached within " + seconds + " s");
            }
            Thread.sleep(10);
        }
    }
}

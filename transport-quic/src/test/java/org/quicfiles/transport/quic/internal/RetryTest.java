package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.internal.RawWire;
import org.quicfiles.protocol.Wire;

/**
 * Address validation: with {@code transport.retry=on} a token-less Initial costs the server one
 * Retry packet and no handshake, a real client still connects (one round trip later), and a forged
 * token is dropped. In {@code auto} mode Retry starts only once handshakes pile up. The connect
 * latency with and without Retry is printed (same run), not asserted.
 */
class RetryTest {
    private static final int TIMEOUT_MILLIS = 3_000;
    private static final int FLOOD = 200;
    private static final byte[] ECHO = "11:d1:!4:ECHOe".getBytes(StandardCharsets.US_ASCII);

    @AfterAll
    static void noLeaks() {
        assertEquals(List.of(), LeakRecorder.unexpectedLeaks(), "buffers leaked");
    }

    private static long handshakesStarted(TestServer server) {
        return server.handshakesStarted();
    }

    private static Optional<RawInitial.Answer> initial(TestServer server, byte[] token) throws Exception {
        return RawInitial.exchange(server.address(), true, Wire.ALPN, token, TIMEOUT_MILLIS);
    }

    @Test
    void aClientConnectsThroughARetryAndExchangesBytesExactly() throws Exception {
        try (TestServer server = new TestServer(Map.of("retry", "on"))) {
            byte[] body = new byte[100_000];
            new java.util.Random(8).nextBytes(body);
            try (QuicFilesClient client = server.connect()) {
                byte[] reply = RawWire.exchange(client, concat(ECHO, body), true);
                assertArrayEquals(body, reply);
                assertArrayEquals(TestServer.echoBody(120), client.request("echo", TestServer.echoBody(120)));
            }
            assertEquals(1, handshakesStarted(server), "one handshake, after the Retry");
        }
    }

    @Test
    void aFloodOfInitialsStartsNoHandshakeWhenRetryIsOn() throws Exception {
        try (TestServer server = new TestServer(Map.of("retry", "on"))) {
            for (int i = 0; i < FLOOD; i++) {
                assertEquals(Optional.of(RawInitial.Answer.RETRY), initial(server, new byte[0]), "Initial " + i);
            }
            assertEquals(0, handshakesStarted(server));
        }
    }

    @Test
    void withRetryOffTheSameFloodStartsAHandshakeEach() throws Exception {
        try (TestServer server = new TestServer(Map.of("retry", "off"))) {
            for (int i = 0; i < FLOOD / 4; i++) {
                assertTrue(initial(server, new byte[0]).orElseThrow().serverHello(), "Initial " + i);
            }
            assertEquals(FLOOD / 4, handshakesStarted(server));
        }
    }

    @Test
    void aForgedTokenIsDropped() throws Exception {
        try (TestServer server = new TestServer(Map.of("retry", "on"))) {
            byte[] forged = new byte[1 + 8 + 32 + 8];
            forged[0] = 1;
            long now = System.currentTimeMillis();
            for (int i = 0; i < 8; i++) {
                forged[1 + i] = (byte) (now >>> (56 - 8 * i));
            }
            assertEquals(Optional.empty(), initial(server, forged));
            assertEquals(Optional.empty(), initial(server, "netty-style".getBytes(StandardCharsets.US_ASCII)));
            assertEquals(0, handshakesStarted(server));
        }
    }

    @Test
    void autoSendsRetryOnlyWhileHandshakesPileUp() throws Exception {
        try (TestServer server = new TestServer(Map.of("retry", "auto", "retry-auto-handshakes", "2"))) {
            // hand-made Initials never finish their handshakes: each stays in progress
            for (int i = 0; i < 3; i++) {
                assertTrue(initial(server, new byte[0]).orElseThrow().serverHello(), "Initial " + i);
            }
            for (int i = 0; i < 5; i++) {
                assertEquals(Optional.of(RawInitial.Answer.RETRY), initial(server, new byte[0]));
            }
            assertEquals(3, handshakesStarted(server));
        }
    }

    @Test
    void connectLatencyWithAndWithoutRetry() throws Exception {
        try (TestServer off = new TestServer(Map.of("retry", "off"));
             TestServer on = new TestServer(Map.of("retry", "on"))) {
            List<Long> withoutRetry = new ArrayList<>();
            List<Long> withRetry = new ArrayList<>();
            int rounds = Integer.getInteger("retry.latency.rounds", 20);
            for (int i = 0; i < rounds + 3; i++) {
                long a = connectMicros(off);
                long b = connectMicros(on);
                if (i >= 3) { // warm-up
                    withoutRetry.add(a);
                    withRetry.add(b);
                }
            }
            System.out.printf("connect + first request, median of %d: retry off %d µs, retry on %d µs%n",
                    rounds, median(withoutRetry), median(withRetry));
        }
    }

    private static long connectMicros(TestServer server) throws Exception {
        long start = System.nanoTime();
        try (QuicFilesClient client = server.connect()) {
            client.request("echo", TestServer.echoBody(1));
            return (System.nanoTime() - start) / 1_000;
        }
    }

    private static long median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.client.QuicFilesClient;

/**
 * A client can have as many streams open at once as the server allows, however many it opened and
 * closed before, and in whatever pattern: the ngtcp2 transport gives closed streams back in batches
 * (decision note 0188), as quiche does; a batch given back too late would leave the client short
 * of its last streams and this test's burst waiting for them. Rounds of small requests one at a
 * time (credit piles up unreturned) alternate with a burst of {@value #AT_ONCE} streams held open
 * together by the server.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class StreamAllowanceTest {
    /** Stream 0 and four file streams. */
    private static final int ALLOWED = 5;
    private static final int AT_ONCE = ALLOWED - 1;
    private static final Map<String, Object> HOLD = Map.of("!", "HOLD", "n", 10);

    @Test
    void aBurstAfterStreamsOneAtATimeGetsTheWholeAllowance() throws Exception {
        try (TestServer server = new TestServer(Map.of("max-streams", Integer.toString(ALLOWED)));
             QuicFilesClient client = server.connect()) {
            for (int round = 0; round < 20; round++) {
                for (int i = 0; i < round % 4 + 1; i++) {
                    assertArrayEquals(TestServer.echoBody(1), client.request("echo", TestServer.echoBody(1)));
                    ByteArrayOutputStream echoed = new ByteArrayOutputStream();
                    client.stream(Map.of("!", "ECHO"), Channels.pattern(100), java.nio.channels.Channels.newChannel(echoed));
                    assertEquals(100, echoed.size(), "bytes echoed");
                }
                ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
                List<Thread> callers = new ArrayList<>();
                for (int i = 0; i < AT_ONCE; i++) {
                    callers.add(Thread.ofVirtual().start(() -> {
                        try {
                            client.stream(HOLD, Channels.pattern(0), java.nio.channels.Channels.newChannel(new ByteArrayOutputStream()));
                        } catch (Throwable e) {
                            failures.add(e);
                        }
                    }));
                }
                boolean together = server.holdStarted.tryAcquire(AT_ONCE, 30, TimeUnit.SECONDS);
                server.holdGate.release(AT_ONCE);
                for (Thread caller : callers) {
                    caller.join();
                }
                assertTrue(together, "round " + round + ": fewer than " + AT_ONCE + " streams open at once ("
                        + server.holdStarted.availablePermits() + " held); failures " + failures);
                assertTrue(failures.isEmpty(), "round " + round + ": " + failures);
            }
        }
    }
}

package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.client.QuicFilesClient;

/**
 * Client calls are bounded and interruptible: a call inside {@code within} fails with a
 * {@link SocketTimeoutException} when the server keeps it waiting past the deadline, an interrupt
 * ends a waiting call with an {@link InterruptedIOException}, and the connection serves the next
 * call either way.
 */
class ClientDeadlineTest {
    private static final Map<String, Object> HOLD = Map.of("!", "HOLD", "n", 1000);
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aCallPastItsDeadlineFailsAndTheConnectionStillServes() throws Exception {
        try (QuicFilesClient client = server.connect()) {
            long start = System.nanoTime();
            // HOLD sends all but its last byte, then waits for a permit that never comes in time
            IOException e = assertThrows(IOException.class, () -> client.within(Duration.ofMillis(300),
                    () -> {
                        client.stream(HOLD, Channels.pattern(0), discard());
                        return null;
                    }));
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertInstanceOf(SocketTimeoutException.class, e, String.valueOf(e));
            assertTrue(tookMillis < 10_000, "bounded by the deadline, not the 20 s client timeout: " + tookMillis);
            server.holdGate.release();
            assertArrayEquals(TestServer.echoBody(1),
                    client.within(Duration.ofSeconds(10), () -> client.request("echo", TestServer.echoBody(1))));
        }
    }

    @Test
    void anInterruptEndsAWaitingCall() throws Exception {
        try (QuicFilesClient client = server.connect()) {
            CountDownLatch receiving = new CountDownLatch(1);
            CompletableFuture<Throwable> outcome = new CompletableFuture<>();
            Thread caller = Thread.ofVirtual().start(() -> {
                try {
                    client.stream(HOLD, Channels.pattern(0), new WritableByteChannel() {
                        @Override
                        public int write(ByteBuffer src) {
                            int n = src.remaining();
                            src.position(src.limit());
                            receiving.countDown();
                            return n;
                        }

                        @Override
                        public boolean isOpen() {
                            return true;
                        }

                        @Override
                        public void close() {
                        }
                    });
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            assertTrue(receiving.await(10, TimeUnit.SECONDS));
            caller.interrupt();
            Throwable t = outcome.get(10, TimeUnit.SECONDS);
            assertInstanceOf(InterruptedIOException.class, t, String.valueOf(t));
            server.holdGate.release();
            assertArrayEquals(TestServer.echoBody(2), client.request("echo", TestServer.echoBody(2)));
        }
    }

    private static WritableByteChannel discard() {
        return java.nio.channels.Channels.newChannel(java.io.OutputStream.nullOutputStream());
    }
}

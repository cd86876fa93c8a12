package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.client.QuicFilesClient;

/** A handler blocked in read learns when the peer resets the stream or the connection goes away. */
class AbortTest {
    private static final Map<String, Object> DISCARD = Map.of("!", "DISCARD");
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends {@code before} bytes, then signals {@code sent} and fails or blocks as told. */
    private static ReadableByteChannel body(long before, CountDownLatch sent, CountDownLatch release) {
        ReadableByteChannel data = Channels.repeat(before);
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                int n = data.read(dst);
                if (n >= 0) {
                    return n;
                }
                sent.countDown();
                if (release == null) {
                    throw new IOException("source failed");
                }
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                throw new IOException("connection closed under the upload");
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aResetByTheClientReachesTheBlockedReaderWithItsCode() throws Exception {
        server.handlerFailures.clear();
        try (QuicFilesClient client = server.connect()) {
            assertThrows(IOException.class, () -> client.stream(DISCARD, body(1 << 20, new CountDownLatch(1), null),
                    new Channels.Count()));
            Throwable failure = server.handlerFailures.poll(20, TimeUnit.SECONDS);
            StreamAbortedException aborted = assertInstanceOf(StreamAbortedException.class, failure);
            assertEquals(499, aborted.peerCode());
        }
    }

    @Test
    void aLostConnectionReachesTheBlockedReader() throws Exception {
        // the client vanishes without a word; the server learns it from its 2 s idle timeout
        try (TestServer shortIdle = new TestServer(java.util.Map.of("idle-timeout", "2s"))) {
            lostConnection(shortIdle);
        }
    }

    private static void lostConnection(TestServer server) throws Exception {
        CountDownLatch sent = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        QuicFilesClient client = server.connect();
        Thread upload = Thread.ofVirtual().start(() -> {
            try {
                client.stream(DISCARD, body(1 << 20, sent, release), new Channels.Count());
            } catch (IOException expected) {
                // the connection is closed under it
            }
        });
        sent.await();
        client.close();
        release.countDown();
        upload.join();
        Throwable failure = server.handlerFailures.poll(20, TimeUnit.SECONDS);
        assertInstanceOf(StreamAbortedException.class, failure);
    }
}

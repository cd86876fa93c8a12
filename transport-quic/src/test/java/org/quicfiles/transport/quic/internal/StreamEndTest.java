package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;

/**
 * A response's FIN reaches the client even when the handler returns while another stream has
 * filled the connection's congestion window. With an empty FIN written at that moment, the quiche
 * in Netty 4.2.18 queued the FIN but never sent it (decision note 0163): the download hung until
 * the idle timeout. Here the client's idle timeout is 3 s, so a lost FIN fails the test instead of
 * hanging it.
 */
class StreamEndTest {
    private static final int ROUNDS = 20;
    private static final int HELD_BYTES = 10_000;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("max-streams", "100"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aResponseEndingWhileAnotherStreamFillsTheWindowStillEnds() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             QuicFilesClient client = QuicFilesClient.connect(ClientOptions.pinned(server.address(),
                     ServerKey.of(server.publicKey()), Duration.ofSeconds(3)))) {
            for (int round = 0; round < ROUNDS; round++) {
                long bulkSize = 8L << 20;
                Progress bulk = new Progress(256 * 1024);
                Future<?> bulkStream = threads.submit(() -> stream(client, "GENERATE", bulkSize, bulk));
                bulk.reached.get();
                // all but the last byte arrive while HOLD waits: that byte travels with the FIN
                Progress held = new Progress(HELD_BYTES - 1);
                Future<?> heldStream = threads.submit(() -> stream(client, "HOLD", HELD_BYTES, held));
                held.reached.get();
                // the held response ends while the bulk download keeps the window full and before the
                // client has acknowledged the held bytes
                server.holdGate.release();
                heldStream.get();
                bulkStream.get();
                assertEquals(HELD_BYTES, held.count, "round " + round);
                assertEquals(bulkSize, bulk.count, "round " + round);
            }
        }
    }

    private static Void stream(QuicFilesClient client, String command, long size, Progress sink) throws Exception {
        client.stream(Map.of("!", command, "n", size), Channels.pattern(0), sink);
        return null;
    }

    /** Counts the bytes of a response and says when {@code threshold} of them have arrived. */
    private static final class Progress implements WritableByteChannel {
        final CompletableFuture<Void> reached = new CompletableFuture<>();
        final long threshold;
        volatile long count;

        Progress(long threshold) {
            this.threshold = threshold;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            src.position(src.limit());
            count += n;
            if (count >= threshold) {
                reached.complete(null);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}

package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.client.QuicFilesClient;

/**
 * An upload whose data cannot arrive because another upload of the same connection fills the
 * connection's window with data its command has not read yet waits on the server, not on the peer:
 * the stall timeout must not reset it (decision note 0204). Before, the slower of two uploads on
 * one connection was reset with 499 whenever the server's storage held the faster one up.
 */
class SiblingStarvationTest {
    private static final long STALL_MILLIS = 500;
    private static final long HELD_UPLOAD = 4L << 20;
    private static final long STARVED_UPLOAD = 1L << 20;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // a connection window of 1 MiB: the held upload alone fills it
        server = new TestServer(Map.of("max-data", "1048576", "stall-timeout", STALL_MILLIS + "ms"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void anUploadStarvedByItsSiblingsUnreadDataIsNotResetAsStalled() throws Exception {
        server.handlerFailures.clear();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
             QuicFilesClient client = server.connect()) {
            Counted heldBody = new Counted(Channels.pattern(HELD_UPLOAD), 512 * 1024);
            Channels.Collect heldReply = new Channels.Collect();
            Future<?> held = threads.submit(() -> upload(client, "LATE", heldBody, heldReply));
            // the held upload has taken a good part of the window before the starved one starts
            heldBody.reached.get(10, TimeUnit.SECONDS);
            Channels.Collect starvedReply = new Channels.Collect();
            Future<?> starved = threads.submit(
                    () -> upload(client, "DISCARD", Channels.pattern(STARVED_UPLOAD), starvedReply));
            // DISCARD's read now waits for data the peer may not send; it must outlive several stall timeouts
            assertNull(server.handlerFailures.poll(6 * STALL_MILLIS, TimeUnit.MILLISECONDS),
                    "the starved upload's command was aborted");
            server.lateGate.release();
            held.get(20, TimeUnit.SECONDS);
            starved.get(20, TimeUnit.SECONDS);
            assertEquals(Long.toString(HELD_UPLOAD), heldReply.bytes.toString(StandardCharsets.US_ASCII));
            assertEquals(Long.toString(STARVED_UPLOAD), starvedReply.bytes.toString(StandardCharsets.US_ASCII));
        }
    }

    private static Void upload(QuicFilesClient client, String command, ReadableByteChannel body,
                               Channels.Collect reply) throws Exception {
        client.stream(Map.of("!", command), body, reply);
        return null;
    }

    /** A body that says when the client has taken {@code threshold} bytes of it. */
    private static final class Counted implements ReadableByteChannel {
        final CompletableFuture<Void> reached = new CompletableFuture<>();
        private final ReadableByteChannel body;
        private final long threshold;
        private long count;

        Counted(ReadableByteChannel body, long threshold) {
            this.body = body;
            this.threshold = threshold;
        }

        @Override
        public int read(ByteBuffer dst) throws java.io.IOException {
            int n = body.read(dst);
            if (n > 0 && (count += n) >= threshold) {
                reached.complete(null);
            }
            return n;
        }

        @Override
        public boolean isOpen() {
            return body.isOpen();
        }

        @Override
        public void close() throws java.io.IOException {
            body.close();
        }
    }
}

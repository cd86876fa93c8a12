package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.spi.Router;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * How connections end: the server's shutdown closes every connection with CONNECTION_CLOSE
 * (application code 0) and aborts its commands; a connection the server closed answers packets
 * that still arrive with its CONNECTION_CLOSE for three PTOs (the closing period), so that a peer
 * that lost the first one learns at once. Timeouts are hang guards only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClosingTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** Far below the client's 30 s idle timeout: the close arrived, the client did not time out. */
    private static final long PROMPT_MILLIS = 5_000;
    /** TLS alert no_application_protocol (120) as a QUIC CRYPTO_ERROR (0x100 + alert). */
    private static final long NO_APPLICATION_PROTOCOL = 0x178;

    private final CompletableFuture<IOException> endlessEnded = new CompletableFuture<>();

    /** The in-memory file server plus ENDLESS: writes 64 KiB chunks until its stream is aborted. */
    private final class EndlessRouter implements Router {
        private final InMemoryFileRouter files = new InMemoryFileRouter();

        @Override
        public Optional<StreamCommand> streamCommand(String name) {
            if (!name.equals("ENDLESS")) {
                return files.streamCommand(name);
            }
            return Optional.of(exchange -> {
                byte[] chunk = new byte[64 * 1024];
                try {
                    while (true) {
                        exchange.write(ByteBuffer.wrap(chunk));
                    }
                } catch (IOException e) {
                    endlessEnded.complete(e);
                    throw e;
                }
            });
        }

        @Override
        public Optional<RequestEndpoint> requestEndpoint(String name) {
            return files.requestEndpoint(name);
        }
    }

    private Ngtcp2Server start(KeyPair identity) throws IOException {
        return InProcessServers.start(identity, new EndlessRouter(), Map.of(), System.getLogger("quicfiles.test.closing"));
    }

    @Test
    void serverShutdownClosesAClientMidTransferAtOnceAndAbortsItsCommand() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        Ngtcp2Server server = start(identity);
        try (LibquicClient client = new LibquicClient(HANG_GUARD);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic()));
            var underWay = client.progress(1 << 20, 0);
            Future<byte[]> endless = threads.submit(() -> client.stream(Bt.Dict.builder().put("!", "ENDLESS").build(),
                    new byte[0]));
            underWay.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);

            long start = System.nanoTime();
            server.close();
            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> endless.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(new LibquicClient.CloseError(true, 0), client.closeError(), String.valueOf(failed.getCause()));
            assertTrue(millis < PROMPT_MILLIS, "the client learnt of the close after " + millis + " ms");
            // the command's write failed: it ended instead of writing into a closed connection forever
            assertInstanceOf(StreamAbortedException.class, endlessEnded.get(PROMPT_MILLIS, TimeUnit.MILLISECONDS));
        } finally {
            server.close();
        }
    }

    @Test
    void aClientWhoseCloseWasLostGetsItAgainFromTheClosingPeriod() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        Ngtcp2Server server = start(identity);
        try (LibquicClient client = new LibquicClient(HANG_GUARD).offeringAlpn("not-quic-files")) {
            // the server refuses the ALPN: its first and only answer is a CONNECTION_CLOSE, which is lost
            client.dropNextDatagrams(1);
            long handshakes = server.handshakesStarted();
            long start = System.nanoTime();
            IOException refused = assertThrows(IOException.class,
                    () -> client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic())));
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertEquals(1, client.droppedDatagrams(), "the first CONNECTION_CLOSE was lost");
            // the client's retransmitted Initial was answered with the same close ...
            assertEquals(new LibquicClient.CloseError(false, NO_APPLICATION_PROTOCOL), client.closeError(),
                    refused.getMessage());
            // ... from the closing period, not by starting the handshake again
            assertEquals(handshakes + 1, server.handshakesStarted());
            assertTrue(millis < PROMPT_MILLIS, "the client learnt of the close after " + millis + " ms");
        } finally {
            server.close();
        }
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.spi.Router;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * A router that throws while it looks a command up. A file stream's lookup runs inside ngtcp2's
 * {@code recv_stream_data} callback and a stream-0 one on the event loop too (answered at once or
 * not, note 0193); either way only
 * that stream or request may fail (480 / {@code INTERNAL_ERROR}), never the connection or the JVM,
 * and the failure is logged once at WARNING however often a client repeats it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RouterFailureTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    /** The in-memory router, but looking up {@code BOOM} or {@code boom} throws. */
    private static final class ThrowingRouter implements Router {
        private final InMemoryFileRouter files = new InMemoryFileRouter();

        @Override
        public Optional<StreamCommand> streamCommand(String name) {
            if (name.equals("BOOM")) {
                throw new IllegalStateException("router bug (stream command lookup)");
            }
            return files.streamCommand(name);
        }

        @Override
        public Optional<RequestEndpoint> requestEndpoint(String name) {
            if (name.equals("boom")) {
                throw new IllegalStateException("router bug (request endpoint lookup)");
            }
            return files.requestEndpoint(name);
        }
    }

    @Test
    void aRouterThatThrowsFailsOnlyTheStreamOrRequest() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        RecordingLogger log = new RecordingLogger();
        var server = InProcessServers.start(identity, new ThrowingRouter(), Map.of(), log);
        try (LibquicClient client = new LibquicClient(HANG_GUARD)) {
            client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic()));
            byte[] body = "d1:#1:1e".getBytes(StandardCharsets.US_ASCII);
            for (int attempt = 0; attempt < 3; attempt++) {
                var reset = assertThrows(LibquicClient.StreamResetException.class,
                        () -> client.stream(Bt.Dict.builder().put("!", "BOOM").build(), new byte[0]));
                assertEquals(ErrorCode.INTERNAL_ERROR.wireCode(), reset.code(), "the stream is reset with 480");
                Frame reply = client.request("boom", body);
                assertArrayEquals(ErrorCode.INTERNAL_ERROR.name().getBytes(StandardCharsets.US_ASCII),
                        assertInstanceOf(Frame.ErrorReply.class, reply).body(), "the request gets INTERNAL_ERROR");
            }
            // the connection is unharmed: a file and a request on it still work
            byte[] content = new byte[100_000];
            new java.util.Random(1).nextBytes(content);
            String id = client.put(content).string("#").orElseThrow();
            assertArrayEquals(content, client.get(id));
            assertInstanceOf(Frame.Reply.class, client.request("file_info", ("d1:#" + id.length() + ":" + id + "e")
                    .getBytes(StandardCharsets.US_ASCII)));
        } finally {
            server.close();
        }
        List<String> warnings = log.atLeast(System.Logger.Level.WARNING);
        assertEquals(2, warnings.size(), "one WARNING per failing lookup, not one per attempt: " + warnings);
    }
}

package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.Config;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.spi.Router;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.protocol.FileIds;
import org.quicfiles.protocol.GetHead;
import org.quicfiles.protocol.PutReply;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * The client's {@code put} and {@code get} against an in-memory PUT/GET pair that speaks the wire
 * format of protocol.md §3.2–3.3 (ids are decimal counters here).
 */
class ClientFileOpsTest {
    private static final Map<String, byte[]> FILES = new ConcurrentHashMap<>();
    private static Transport transport;
    private static QuicFilesClient client;

    private static final StreamCommand PUT = exchange -> {
        long size = exchange.header().integer("s").orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "no s"));
        if (size <= 0 || size > (64 << 20)) {
            throw new QuicFilesException(ErrorCode.BAD_SIZE, "bad size");
        }
        long ttl = exchange.header().integer("t").orElse(1000);
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
        int n;
        while ((n = exchange.read(buffer.clear())) >= 0) {
            data.write(buffer.array(), 0, n);
            if (data.size() > size) {
                throw new QuicFilesException(ErrorCode.TOO_LONG, "too long");
            }
        }
        if (data.size() < size) {
            throw new QuicFilesException(ErrorCode.TOO_SHORT, "too short");
        }
        String id = Integer.toString(FILES.size() + 1);
        FILES.put(id, data.toByteArray());
        exchange.write(ByteBuffer.wrap(new PutReply(id, 100, 100 + ttl).encode()));
    };

    private static final StreamCommand GET = exchange -> {
        String id = exchange.header().string("#").map(FileIds::requireValid)
                .orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "no id"));
        if (exchange.read(ByteBuffer.allocate(1)) != -1) {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "bytes after a GET block");
        }
        byte[] data = FILES.get(id);
        if (data == null) {
            throw new QuicFilesException(ErrorCode.NOT_FOUND, "no such file");
        }
        exchange.write(ByteBuffer.wrap(new GetHead(data.length, 100, 200).encode()));
        exchange.write(ByteBuffer.wrap(data));
    };

    @BeforeAll
    static void start() throws Exception {
        var identity = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Router router = new Router() {
            @Override
            public java.util.Optional<StreamCommand> streamCommand(String name) {
                return java.util.Optional.ofNullable(Map.of("PUT", PUT, "GET", GET).get(name));
            }

            @Override
            public java.util.Optional<RequestEndpoint> requestEndpoint(String name) {
                return java.util.Optional.empty();
            }
        };
        transport = TestServer.provider().start(new TransportContext(
                new Config(Map.of("address", "127.0.0.1", "port", "0")), identity, router, System.getLogger("test")));
        client = QuicFilesClient.connect(ClientOptions.pinned(transport.localAddress(),
                ServerKey.of(ServerKeyPin.rawEd25519(identity.getPublic())), java.time.Duration.ofSeconds(20)));
    }

    @AfterAll
    static void stop() {
        client.close();
        transport.close();
    }

    @Test
    void putThenGetRoundTrips() throws Exception {
        byte[] data = new byte[3_000_000];
        new Random(7).nextBytes(data);
        FileInfo stored = client.put(Channels.newChannel(new ByteArrayInputStream(data)), data.length, OptionalLong.of(60));
        assertEquals(new FileInfo(stored.id(), data.length, 100, 160), stored);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FileInfo got = client.get(stored.id(), Channels.newChannel(out));
        assertEquals(new FileInfo(stored.id(), data.length, 100, 200), got);
        assertArrayEquals(data, out.toByteArray());
    }

    @Test
    void serverRefusalsBecomeClientExceptionsWithTheirCode() throws Exception {
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(QuicFilesClientException.class,
                () -> client.get("9999999", Channels.newChannel(new ByteArrayOutputStream()))).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesClientException.class,
                () -> client.get("not/an/id", Channels.newChannel(new ByteArrayOutputStream()))).code());
        assertEquals(ErrorCode.BAD_SIZE, assertThrows(QuicFilesClientException.class,
                () -> client.put(Channels.newChannel(new ByteArrayInputStream(new byte[0])), 0, OptionalLong.empty())).code());
        // refused at the header while the client still has 100 MB to send: the code, not "STOP_SENDING"
        assertEquals(ErrorCode.BAD_SIZE, assertThrows(QuicFilesClientException.class,
                () -> client.put(org.quicfiles.transport.quic.internal.Channels.repeat(100_000_000), 100_000_000, OptionalLong.empty())).code());
        assertEquals(ErrorCode.TOO_SHORT, assertThrows(QuicFilesClientException.class,
                () -> client.put(Channels.newChannel(new ByteArrayInputStream(new byte[10])), 20, OptionalLong.empty())).code());
    }
}

package org.quicfiles.transport.quic.internal;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.CountDownLatch;
import org.quicfiles.api.Config;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.spi.Router;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.api.spi.TransportProvider;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * An in-process QUIC server on an ephemeral loopback port with test commands. The transport is the
 * one named by the system property {@value #TRANSPORT_PROPERTY} ({@code quic} by default): the
 * module's build runs this suite once per transport (the {@code ngtcp2} run covers the tests that
 * do not look inside the Netty transport).
 */
final class TestServer implements AutoCloseable {
    final KeyPair identity;
    final Transport transport;
    final CountDownLatch slowGate = new CountDownLatch(1);
    /** Released once per started "slow" request; the most that ran at once. */
    final java.util.concurrent.Semaphore slowStarted = new java.util.concurrent.Semaphore(0);
    final java.util.concurrent.atomic.AtomicInteger slowPeak = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger slowRunning = new java.util.concurrent.atomic.AtomicInteger();
    /** "HOLD" writes its bytes, then waits for one permit here before it returns (and FIN goes out). */
    final java.util.concurrent.Semaphore holdGate = new java.util.concurrent.Semaphore(0);
    /** Released once by each "HOLD" when it has written its bytes and starts to wait. */
    final java.util.concurrent.Semaphore holdStarted = new java.util.concurrent.Semaphore(0);
    /** "ENDED" writes its bytes as the last, then waits for one permit here before it returns. */
    final java.util.concurrent.Semaphore endedGate = new java.util.concurrent.Semaphore(0);
    /** How often "ENDED" saw a write after its last one refused. */
    final java.util.concurrent.atomic.AtomicInteger lateWritesRefused = new java.util.concurrent.atomic.AtomicInteger();
    final LinkedBlockingQueue<Throwable> handlerFailures = new LinkedBlockingQueue<>();
    /** What the transport logged at WARNING and above. */
    final RecordingLogger log = new RecordingLogger();
    /** "LATE" waits for one permit here before it reads its upload (and then discards it as DISCARD does). */
    final java.util.concurrent.Semaphore lateGate = new java.util.concurrent.Semaphore(0);

    TestServer(Map<String, String> config) throws IOException, GeneralSecurityException {
        identity = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Map<String, String> values = new HashMap<>(Map.of("address", "127.0.0.1", "port", "0"));
        values.putAll(config);
        transport = provider().start(new TransportContext(new Config(values), identity, new TestRouter(), log));
    }

    static final String TRANSPORT_PROPERTY = "quicfiles.test.transport";

    /** The transport under test. */
    static String transportName() {
        return System.getProperty(TRANSPORT_PROPERTY, "quic");
    }

    static TransportProvider provider() {
        String name = transportName();
        if (name.equals("quic")) {
            return new QuicTransportProvider();
        }
        // the other transport is a test dependency (on the class path) found as a service; this module declares no uses
        TestServer.class.getModule().addUses(TransportProvider.class);
        TransportProvider provider = ServiceLoader.load(TransportProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no transport provider named " + name));
        if (!provider.isUsable()) {
            throw new IllegalStateException("transport " + name + " is not usable: " + provider.unusableReason().orElse("?"));
        }
        return provider;
    }

    /** Connections the transport has open now. */
    int openConnections() {
        if (transport instanceof QuicServer quic) {
            return quic.openConnections();
        }
        return (Integer) otherTransport(transport, "openConnections");
    }

    /** Handshakes the transport started since start-up (Retry answers start none). */
    long handshakesStarted() {
        if (transport instanceof QuicServer quic) {
            return quic.handshakesStarted();
        }
        return (Long) otherTransport(transport, "handshakesStarted");
    }

    /** The transport's server-wide stream-0 memory budget. */
    org.quicfiles.bridge.RequestMemoryBudget requestBudget() {
        if (transport instanceof QuicServer quic) {
            return quic.requestBudget();
        }
        return (org.quicfiles.bridge.RequestMemoryBudget) otherTransport(transport, "requestBudget");
    }

    /**
     * Waits until the ngtcp2 transport holds no native send memory (every chunk sent and
     * acknowledged, or freed); on the Netty transport, whose buffers the leak detector watches,
     * returns at once.
     */
    void awaitSendMemoryReturned() throws InterruptedException {
        if (transport instanceof QuicServer) {
            return;
        }
        Object memory = otherTransport(transport, "sendMemory");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        long used;
        while ((used = (Long) otherTransport(memory, "used")) != 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(used + " bytes of send memory still held");
            }
            Thread.sleep(10); // polls a condition; the deadline is a hang guard
        }
    }

    /**
     * The most response bytes a stream command can have handed to the transport beyond what the
     * peer's window let out (its writer parks beyond it): bounds what a peer that stops reading costs.
     */
    static long maxQueuedResponse() {
        if (transportName().equals("quic")) {
            return FileStreamExchange.MAX_IN_FLIGHT + FileStreamExchange.CHUNK;
        }
        try {
            Class<?> exchange = Class.forName("org.quicfiles.transport.ngtcp2.internal.FileExchange");
            return fieldValue(exchange, "MAX_UNACKED") + fieldValue(exchange, "CHUNK");
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long fieldValue(Class<?> type, String name) throws ReflectiveOperationException {
        java.lang.reflect.Field field = type.getDeclaredField(name);
        field.setAccessible(true);
        return ((Number) field.get(null)).longValue();
    }

    /** Calls a package-private accessor of the other transport (on the class path in this suite: open to reflection). */
    private static Object otherTransport(Object target, String method) {
        try {
            java.lang.reflect.Method accessor = target.getClass().getDeclaredMethod(method);
            accessor.setAccessible(true);
            return accessor.invoke(target);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    TestServer() throws IOException, GeneralSecurityException {
        this(Map.of());
    }

    InetSocketAddress address() {
        return transport.localAddress();
    }

    /** What "slow" answers to a JSON request. */
    static final byte[] SLOW_REPLY_JSON = "{\"slow\":\"done\"}".getBytes(StandardCharsets.US_ASCII);

    /** A JSON body of exactly {@code size} bytes (at least 8): the server parses bodies before an endpoint runs. */
    static byte[] paddedBody(int size) {
        return ("{\"p\":\"" + "x".repeat(size - 8) + "\"}").getBytes(StandardCharsets.US_ASCII);
    }

    /** A canonical JSON body {@code {"n":N}}, which the echo endpoint answers byte for byte. */
    static byte[] echoBody(int n) {
        return ("{\"n\":" + n + "}").getBytes(StandardCharsets.US_ASCII);
    }

    byte[] publicKey() throws GeneralSecurityException {
        return ServerKeyPin.rawEd25519(identity.getPublic());
    }

    QuicFilesClient connect() throws IOException, GeneralSecurityException {
        return QuicFilesClient.connect(ClientOptions.pinned(address(), ServerKey.of(publicKey()), Duration.ofSeconds(20)));
    }

    @Override
    public void close() {
        transport.close();
    }

    /** Reads the whole upload and answers its length in ASCII decimal. */
    private void discard(org.quicfiles.api.endpoint.StreamExchange exchange) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        long total = 0;
        int n;
        try {
            while ((n = exchange.read(buffer.clear())) >= 0) {
                total += n;
            }
        } catch (IOException e) {
            handlerFailures.add(e);
            throw e;
        }
        exchange.write(ByteBuffer.wrap(Long.toString(total).getBytes(StandardCharsets.US_ASCII)));
    }

    /**
     * Says which thread answered: {@code answerAtOnce} answers {@code {"now":1}}, throws NOT_FOUND for
     * {@code {"now":2}} and a bug for {@code {"now":3}}, and leaves every other body to {@code handle}.
     */
    private static final class WhereEndpoint implements RequestEndpoint {
        @Override
        public Optional<Map<String, ?>> answerAtOnce(org.quicfiles.api.endpoint.Request request) {
            long now = request.integer("now").orElse(0L);
            if (now == 2) {
                throw new QuicFilesException(ErrorCode.NOT_FOUND, "not here");
            }
            if (now == 3) {
                throw new IllegalStateException("a bug in an endpoint's answerAtOnce");
            }
            return now == 1 ? Optional.of(Map.of("at", thread() + " at once")) : Optional.empty();
        }

        @Override
        public Map<String, ?> handle(org.quicfiles.api.endpoint.Request request) {
            return Map.of("at", thread() + " by handle");
        }

        private static String thread() {
            return Thread.currentThread().isVirtual() ? "virtual thread" : "platform thread";
        }
    }

    private final class TestRouter implements Router {
        private final Map<String, StreamCommand> commands = Map.of(
                "ECHO", exchange -> {
                    ByteBuffer buffer = ByteBuffer.allocate(32 * 1024);
                    while (exchange.read(buffer.clear()) >= 0) {
                        exchange.write(buffer.flip());
                    }
                },
                "LATE", exchange -> {
                    lateGate.acquire();
                    discard(exchange);
                },
                "DISCARD", TestServer.this::discard,
                "GENERATE", exchange -> {
                    long size = exchange.header().integer("n").orElseThrow();
                    ByteBuffer chunk = ByteBuffer.allocate(64 * 1024);
                    for (int i = 0; i < chunk.capacity(); i++) {
                        chunk.put(i, (byte) i);
                    }
                    try {
                        for (long sent = 0; sent < size; sent += chunk.capacity()) {
                            exchange.write(chunk.clear().limit((int) Math.min(chunk.capacity(), size - sent)));
                        }
                    } catch (IOException e) {
                        handlerFailures.add(e);
                        throw e;
                    }
                },
                // reads an upload of exactly 's' bytes, refusing more as soon as it arrives (453) or less at FIN (452)
                "SIZED", exchange -> {
                    long size = exchange.header().integer("s").orElseThrow(
                            () -> new QuicFilesException(ErrorCode.BAD_REQUEST, "no size"));
                    ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
                    long total = 0;
                    int n;
                    while ((n = exchange.read(buffer.clear())) >= 0) {
                        total += n;
                        if (total > size) {
                            throw new QuicFilesException(ErrorCode.TOO_LONG, "more than declared");
                        }
                    }
                    if (total < size) {
                        throw new QuicFilesException(ErrorCode.TOO_SHORT, "less than declared");
                    }
                    exchange.write(ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)));
                },
                "HOLD", exchange -> {
                    long size = exchange.header().integer("n").orElseThrow();
                    exchange.write(ByteBuffer.allocate((int) size));
                    holdStarted.release();
                    holdGate.acquire();
                },
                "ENDED", exchange -> {
                    long size = exchange.header().integer("n").orElseThrow();
                    exchange.write(ByteBuffer.allocate((int) size), true);
                    try {
                        exchange.write(ByteBuffer.allocate(1));
                    } catch (IOException refused) {
                        lateWritesRefused.incrementAndGet();
                    }
                    endedGate.acquire();
                },
                // transferFrom of 'n' pattern bytes, read in short pieces; with 'f' the source fails
                // after that many bytes, with 'e' it ends there (the command then fails with it)
                "TRANSFER", exchange -> {
                    long size = exchange.header().integer("n").orElseThrow();
                    long fail = exchange.header().integer("f").orElse(Long.MAX_VALUE);
                    long end = exchange.header().integer("e").orElse(size);
                    exchange.transferFrom(Channels.failing(Channels.pattern(end), fail, 1_000), size, true);
                },
                "MISSING", exchange -> {
                    throw new QuicFilesException(ErrorCode.NOT_FOUND, "no such thing");
                },
                "BOOM", exchange -> {
                    throw new IllegalStateException("a bug in a command");
                });

        private final Map<String, RequestEndpoint> endpoints = Map.of(
                // api 2: the server parses and re-encodes, so a canonical body comes back byte for byte
                "echo", request -> request.fields(),
                "where", new WhereEndpoint(),
                "missing", body -> {
                    throw new QuicFilesException(ErrorCode.NOT_FOUND, "no such file");
                },
                "boom", body -> {
                    throw new IllegalStateException("a bug in an endpoint");
                },
                "slow", body -> {
                    slowPeak.accumulateAndGet(slowRunning.incrementAndGet(), Math::max);
                    slowStarted.release();
                    try {
                        slowGate.await();
                    } finally {
                        slowRunning.decrementAndGet();
                    }
                    return Map.of("slow", "done");
                });

        @Override
        public Optional<StreamCommand> streamCommand(String name) {
            return Optional.ofNullable(commands.get(name));
        }

        @Override
        public Optional<RequestEndpoint> requestEndpoint(String name) {
            return Optional.ofNullable(endpoints.get(name));
        }
    }
}

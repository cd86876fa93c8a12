package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.spi.Router;
import org.quicfiles.protocol.Bt;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * A request's ACK waits a moment for the command's answer and leaves in the answer's first packet:
 * ngtcp2 0.12 ACKs after an eighth of the RTT, which on a short path is before any answer is ready,
 * so every small GET cost a packet of its own carrying nothing but that ACK (decision note 0190). A
 * command slower than the hold still has its request ACKed at the hold's end, not at its answer.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AckWithAnswerTest {
    private static final int GETS = 200;
    private static final Duration HANG_GUARD = Duration.ofSeconds(30);

    @TempDir
    Path qlogs;

    @Test
    void aGetsAnswerCarriesTheAckOfItsRequest() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        Ngtcp2Server server = InProcessServers.start(identity, new InMemoryFileRouter(), Map.of("qlog-dir", qlogs.toString()),
                new RecordingLogger());
        try (LibquicClient client = new LibquicClient(HANG_GUARD)) {
            client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic()));
            byte[] content = new byte[1000];
            new java.util.Random(11).nextBytes(content);
            String id = client.put(content).string("#").orElseThrow();
            for (int i = 0; i < GETS; i++) {
                assertArrayEquals(content, client.get(id));
            }
        } finally {
            server.close();
        }
        long ackOnly = 0;
        try (Stream<Path> files = Files.list(qlogs)) {
            for (Path file : files.toList()) {
                ackOnly += ackOnlyPacketsSent(Files.readString(file));
            }
        }
        System.out.println("AckWithAnswerTest: " + ackOnly + " packets carrying only ACKs for " + GETS + " GETs");
        // one per GET before the hold; a few remain (the handshake, the upload, a command the JIT slowed)
        assertTrue(ackOnly <= GETS / 4, ackOnly + " packets carrying only ACKs for " + GETS + " GETs");
    }

    @Test
    void aSlowAnswerDoesNotHoldTheAckBack() throws Exception {
        CountDownLatch answer = new CountDownLatch(1);
        StreamCommand waits = exchange -> {
            answer.await();
            exchange.write(ByteBuffer.wrap("ok".getBytes(StandardCharsets.US_ASCII)), true);
        };
        Router router = new Router() {
            @Override
            public Optional<StreamCommand> streamCommand(String name) {
                return name.equals("WAIT") ? Optional.of(waits) : Optional.empty();
            }

            @Override
            public Optional<RequestEndpoint> requestEndpoint(String name) {
                return Optional.empty();
            }
        };
        KeyPair identity = InProcessServers.newIdentity();
        Ngtcp2Server server = InProcessServers.start(identity, router, Map.of(), new RecordingLogger());
        try (LibquicClient client = new LibquicClient(HANG_GUARD)) {
            client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic()));
            CompletableFuture<Void> requestAcked = client.progress(0, 1);
            CompletableFuture<byte[]> reply = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.stream(Bt.Dict.builder().put("!", "WAIT").build(), new byte[0]);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            // the command waits until this ACK is seen: an ACK held for the answer would never come
            requestAcked.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);
            assertFalse(reply.isDone(), "the answer came first");
            answer.countDown();
            assertEquals("ok", new String(reply.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS), StandardCharsets.US_ASCII));
        } finally {
            answer.countDown();
            server.close();
        }
    }

    /** Packets the server sent whose every frame is an ACK (qlog: JSON text sequences, one event per record). */
    private static long ackOnlyPacketsSent(String qlog) {
        return java.util.Arrays.stream(qlog.split("\u001e"))
                .filter(event -> event.contains(":packet_sent\"") && event.contains("\"frame_type\":\"ack\""))
                .filter(event -> event.split("\"frame_type\":", -1).length - 1 == 1)
                .count();
    }
}

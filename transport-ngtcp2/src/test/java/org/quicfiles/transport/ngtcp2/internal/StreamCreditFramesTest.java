package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * Closed streams are given back to the peer in batches (MAX_STREAMS), not one frame per stream: a
 * frame per stream was a packet of its own and the peer's ACK of it for every small GET (decision
 * note 0188). Read from the server's qlog of one connection that makes GETs one at a time. That the
 * peer still gets its whole allowance is {@code StreamAllowanceTest} in transport-quic, run on both
 * transports.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StreamCreditFramesTest {
    private static final int GETS = 200;

    @TempDir
    Path qlogs;

    @Test
    void oneStreamAtATimeIsGivenBackInBatches() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        Ngtcp2Server server = InProcessServers.start(identity, new InMemoryFileRouter(), Map.of("qlog-dir", qlogs.toString()),
                new RecordingLogger());
        try (LibquicClient client = new LibquicClient(Duration.ofSeconds(30))) {
            client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic()));
            byte[] content = new byte[1000];
            new java.util.Random(9).nextBytes(content);
            String id = client.put(content).string("#").orElseThrow();
            for (int i = 0; i < GETS; i++) {
                assertArrayEquals(content, client.get(id));
            }
        } finally {
            server.close();
        }
        long frames = 0;
        try (Stream<Path> files = Files.list(qlogs)) {
            for (Path file : files.toList()) {
                frames += maxStreamsSent(Files.readString(file));
            }
        }
        // the default allowance is 32: one frame each time the client has used half of it
        assertTrue(frames >= 1 && frames <= (GETS + 1) / 16 + 1,
                frames + " MAX_STREAMS frames sent for " + (GETS + 1) + " streams opened one at a time");
    }

    /** MAX_STREAMS frames in the packets the server sent (qlog: JSON text sequences, one event per record). */
    private static long maxStreamsSent(String qlog) {
        return java.util.Arrays.stream(qlog.split("\u001e"))
                .filter(event -> event.contains(":packet_sent\""))
                .mapToLong(event -> event.split("\"frame_type\":\"max_streams\"", -1).length - 1)
                .sum();
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * A file stream whose command block arrives whole with its first data gets no header timer. A
 * timer holds its stream until it fires (the default header timeout is 10 s), so one per stream
 * kept every finished small GET's stream, exchange and buffers alive that long: at 2,200 GET/s,
 * 55 MB of an 80 MB heap (decision note 0305). That a block which never completes is still cut off
 * is {@code FileStreamErrorsTest} in transport-quic's ngtcp2 suite.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HeaderTimerTest {
    private static final int GETS = 200;

    @Test
    void finishedStreamsLeaveNoTimerBehind() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        Ngtcp2Server server = InProcessServers.start(identity, new InMemoryFileRouter(), Map.of("header-timeout", "1h"),
                new RecordingLogger());
        try (LibquicClient client = new LibquicClient(Duration.ofSeconds(30))) {
            client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic()));
            byte[] content = new byte[1000];
            new java.util.Random(7).nextBytes(content);
            String id = client.put(content).string("#").orElseThrow();
            int before = server.pendingTimers();
            for (int i = 0; i < GETS; i++) {
                assertArrayEquals(content, client.get(id));
            }
            int after = server.pendingTimers();
            assertTrue(after - before < GETS / 10,
                    "timers before " + before + ", after " + GETS + " GETs " + after + ": one per finished stream");
        } finally {
            server.close();
        }
    }
}

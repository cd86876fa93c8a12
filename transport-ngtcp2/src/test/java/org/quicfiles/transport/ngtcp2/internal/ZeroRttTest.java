package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.Bt;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * 0-RTT on the ngtcp2 transport, with the libquic-shaped client: a client resuming a session sends
 * its first command as early data and the server serves it before the handshake ends; the same
 * first flight replayed is refused early data (anti-replay); {@code transport.0rtt=false} makes a
 * resumed client's command wait for the handshake.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZeroRttTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(20);

    @Test
    void aResumedClientsFirstCommandTravelsAsEarlyDataAndItsReplayIsRefused() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        byte[] key = ServerKeyPin.rawEd25519(identity.getPublic());
        try (Ngtcp2Server server = start(identity, Map.of())) {
            LibquicClient.Resumption resumption = firstSession(server, key);
            assertEquals(0, server.earlyDataStreams(), "a full handshake carries no early data");

            List<byte[]> firstFlight;
            try (LibquicClient resumed = new LibquicClient(HANG_GUARD)) {
                Frame reply = resumed.connectEarly(server.localAddress(), key, resumption, "file_info", infoOf("999999"));
                assertEquals("NOT_FOUND", new String(assertInstanceOf(Frame.ErrorReply.class, reply).body(),
                        StandardCharsets.UTF_8));
                assertTrue(resumed.earlyDataAccepted(), "the client's TLS says its early data was refused");
                assertEquals(1, server.earlyDataStreams(), "stream 0 was not opened by 0-RTT data");
                firstFlight = resumed.firstFlight();
            }

            // an attacker resends the resumed client's first flight: GnuTLS sees the same ClientHello again
            long refusedBefore = server.replaysRefused();
            try (DatagramChannel attacker = DatagramChannel.open()) {
                attacker.connect(server.localAddress());
                for (byte[] datagram : firstFlight) {
                    attacker.write(ByteBuffer.wrap(datagram));
                }
                Await.until(() -> server.replaysRefused() > refusedBefore, HANG_GUARD,
                        "refusal of the replayed ClientHello's early data");
            }
            // a full round trip after the replay: the loop has read everything the attacker sent
            firstSession(server, key);
            assertEquals(1, server.earlyDataStreams(), "the replayed 0-RTT data opened a stream");
        }
    }

    @Test
    void withZeroRttOffAResumedClientsCommandWaitsForTheHandshake() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        byte[] key = ServerKeyPin.rawEd25519(identity.getPublic());
        try (Ngtcp2Server server = start(identity, Map.of("0rtt", "false"))) {
            LibquicClient.Resumption resumption = firstSession(server, key);
            try (LibquicClient resumed = new LibquicClient(HANG_GUARD)) {
                Frame reply = resumed.connectEarly(server.localAddress(), key, resumption, "file_info", infoOf("999999"));
                assertInstanceOf(Frame.ErrorReply.class, reply);
                assertFalse(resumed.earlyDataAccepted());
            }
            assertEquals(0, server.earlyDataStreams());
        }
    }

    private static Ngtcp2Server start(KeyPair identity, Map<String, String> extra) throws Exception {
        return InProcessServers.start(identity, new InMemoryFileRouter(), extra, System.getLogger("quicfiles.test.0rtt"));
    }

    /** A full handshake and one command; returns what the client keeps to resume. */
    private static LibquicClient.Resumption firstSession(Ngtcp2Server server, byte[] key) throws Exception {
        try (LibquicClient client = new LibquicClient(HANG_GUARD)) {
            client.connect(server.localAddress(), key);
            assertInstanceOf(Frame.ErrorReply.class, client.request("file_info", infoOf("999999")));
            assertFalse(client.earlyDataAccepted());
            return client.resumption();
        }
    }

    private static byte[] infoOf(String id) {
        return Bt.Dict.builder().put("#", id).build().encode();
    }
}

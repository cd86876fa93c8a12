package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * What the ngtcp2 transport answers without a connection: Version Negotiation for an unknown QUIC
 * version (RFC 9000 6), and a Stateless Reset for a packet of a connection it does not know (RFC
 * 9000 10.3), with tokens derived from the identity so that a restarted server resets the previous
 * process's clients at once instead of leaving them to their idle timeout.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class StatelessAnswersTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final int SILENCE_MILLIS = 1000;

    private static Transport start(KeyPair identity, int port) throws IOException {
        return InProcessServers.start(identity, new InMemoryFileRouter(), Map.of("port", Integer.toString(port)),
                System.getLogger("quicfiles.test.stateless"));
    }

    /** A long-header packet of {@code version}, padded to {@code size} bytes. */
    private static byte[] longHeader(int version, byte[] dcid, byte[] scid, int size) {
        ByteBuffer packet = ByteBuffer.allocate(size);
        packet.put((byte) 0xc0).putInt(version);
        packet.put((byte) dcid.length).put(dcid).put((byte) scid.length).put(scid);
        return packet.array();
    }

    private static byte[] exchange(InetSocketAddress server, byte[] packet) throws IOException {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(SILENCE_MILLIS);
            socket.send(new DatagramPacket(packet, packet.length, server));
            byte[] buffer = new byte[2048];
            DatagramPacket answer = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(answer);
            } catch (SocketTimeoutException silence) {
                return null;
            }
            return Arrays.copyOf(buffer, answer.getLength());
        }
    }

    @Test
    void anUnknownVersionIsAnsweredWithVersionNegotiationOfferingVersionOne() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        Transport server = start(identity, 0);
        try {
            byte[] dcid = {1, 2, 3, 4, 5, 6, 7, 8};
            byte[] scid = {9, 10, 11, 12};
            byte[] answer = exchange(server.localAddress(), longHeader(0x1a2a3a4a, dcid, scid, 1200));
            assertTrue(answer != null, "no Version Negotiation packet");
            ByteBuffer in = ByteBuffer.wrap(answer);
            assertTrue((in.get() & 0x80) != 0, "a long header");
            assertEquals(0, in.getInt(), "version 0 marks Version Negotiation");
            byte[] echoedDcid = new byte[in.get()];
            in.get(echoedDcid);
            byte[] echoedScid = new byte[in.get()];
            in.get(echoedScid);
            assertArrayEquals(scid, echoedDcid, "addressed to the client's source connection id");
            assertArrayEquals(dcid, echoedScid);
            boolean offersV1 = false;
            while (in.remaining() >= 4) {
                offersV1 |= in.getInt() == 1;
            }
            assertTrue(offersV1, "QUIC version 1 offered");

            // too small to be a client's first flight: no answer that could amplify a spoofed packet
            assertEquals(null, exchange(server.localAddress(), longHeader(0x1a2a3a4a, dcid, scid, 200)));
        } finally {
            server.close();
        }
    }

    @Test
    void aRestartedServerResetsThePreviousProcesssClientAtOnce() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        byte[] key = ServerKeyPin.rawEd25519(identity.getPublic());
        Transport first = start(identity, 0);
        int port = first.localAddress().getPort();
        try (LibquicClient client = new LibquicClient(HANG_GUARD)) {
            client.connect(first.localAddress(), key);
            byte[] body = Bt.Dict.builder().put("#", "1").build().encode();
            assertInstanceOf(Frame.ErrorReply.class, client.request("file_info", body), "control: the server answers");
            // the first server stops as a killed process would: no CONNECTION_CLOSE reaches the client
            ((Ngtcp2Server) first).vanish();

            Transport second = start(identity, port); // same identity, same port: the server restarted
            try {
                long sent = System.nanoTime();
                IOException failure = assertThrows(IOException.class, () -> client.request("file_info", body));
                // ended by the new server's Stateless Reset (the connection drains at once): not by a
                // CONNECTION_CLOSE (application code 0 at shutdown), nor by the idle timeout or hang guard
                assertTrue(String.valueOf(failure.getMessage()).contains("DRAINING"), String.valueOf(failure));
                assertTrue(client.closeError() == null || !client.closeError().application(),
                        "ended by " + client.closeError() + ", not a reset");
                assertTrue(System.nanoTime() - sent < LibquicClient.IDLE_TIMEOUT.toNanos() / 2,
                        "the client waited for its idle timeout");
            } finally {
                second.close();
            }
        } finally {
            first.close();
        }
    }
}

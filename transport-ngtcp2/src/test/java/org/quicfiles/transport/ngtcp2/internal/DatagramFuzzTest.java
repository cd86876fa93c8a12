package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * Random datagrams at the ngtcp2 transport's port (bounded, fixed seed): headers shaped like QUIC
 * Initials of version 1 and of unknown versions, short headers, and plain noise, of every length a
 * UDP payload may have here. Native code parses every one of them, so what is asserted is that the
 * process and the transport survive: a client set up as libquic connects afterwards and moves a
 * file byte-exact. {@code -Dngtcp2.fuzz.datagrams=N} runs more.
 */
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class DatagramFuzzTest {
    private static final int DATAGRAMS = Integer.getInteger("ngtcp2.fuzz.datagrams", 20_000);

    @Test
    void randomDatagramsLeaveTheServerServing() throws Exception {
        Ngtcp2TransportProvider provider = new Ngtcp2TransportProvider();
        assumeTrue(provider.isUsable(), () -> "ngtcp2 transport unusable: " + provider.unusableReason().orElse("?"));
        KeyPair identity = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Transport server = provider.start(new TransportContext(new Config(Map.of("address", "127.0.0.1", "port", "0")),
                identity, new InMemoryFileRouter(), System.getLogger("quicfiles.test.fuzz")));
        try {
            InetSocketAddress target = server.localAddress();
            SplittableRandom random = new SplittableRandom(20261206);
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                for (int i = 0; i < DATAGRAMS; i++) {
                    byte[] datagram = datagram(random);
                    socket.send(new DatagramPacket(datagram, datagram.length, target));
                }
            }
            try (LibquicClient client = new LibquicClient(Duration.ofSeconds(60))) {
                client.connect(target, ServerKeyPin.rawEd25519(identity.getPublic()));
                byte[] content = new byte[300_000];
                random.nextBytes(content);
                String id = client.put(content).string("#").orElseThrow();
                assertArrayEquals(content, client.get(id));
            }
        } finally {
            server.close();
        }
    }

    private static byte[] datagram(SplittableRandom random) {
        int kind = random.nextInt(4);
        int length = kind == 0 ? 1200 + random.nextInt(253) : 1 + random.nextInt(1452);
        ByteBuffer out = ByteBuffer.allocate(Math.max(length, 64));
        byte[] noise = new byte[out.capacity()];
        random.nextBytes(noise);
        out.put(noise).clear();
        switch (kind) {
            case 0, 1 -> { // long header, version 1 (an Initial most often) or another version
                out.put((byte) (0xc0 | random.nextInt(0x40)));
                out.putInt(kind == 0 || random.nextBoolean() ? 1 : random.nextInt());
                int dcid = random.nextInt(22);
                out.put((byte) dcid).position(out.position() + dcid);
                out.put((byte) random.nextInt(22));
            }
            case 2 -> out.put((byte) (0x40 | random.nextInt(0x40))); // short header, unknown connection
            default -> { // noise as it is
            }
        }
        byte[] datagram = new byte[length];
        out.clear();
        out.get(datagram);
        return datagram;
    }
}

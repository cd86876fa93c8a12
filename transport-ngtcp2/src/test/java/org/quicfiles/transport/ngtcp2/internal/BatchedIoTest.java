package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.ServerKeyPin;
import org.quicfiles.transport.ngtcp2.internal.ffi.UdpSocket;

/**
 * The server's datagram I/O (note 0172): a large GET leaves in GSO sends of many datagrams each,
 * an upload is read several datagrams per {@code recvmmsg}, and when the kernel refuses GSO the
 * server falls back to one datagram per send and the transfer still completes byte-exact; a socket
 * bound to {@code ::} serves IPv4 and IPv6 clients, as the JDK's did. The counters are the
 * socket's own; timeouts are hang guards only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BatchedIoTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final int SIZE = 8 << 20;

    @Test
    void aLargeGetLeavesInGsoSendsAndAnUploadIsReadInBatches() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        byte[] file = random(SIZE, 1);
        try (Ngtcp2Server server = start(identity);
             LibquicClient client = new LibquicClient(HANG_GUARD)) {
            UdpSocket socket = server.socket();
            assertTrue(socket.gso(), () -> "this kernel knows UDP_SEGMENT (Linux 4.18+): " + socket.gsoProblem());
            client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic()));
            String id = client.put(file).string("#").orElseThrow();
            assertTrue(socket.largestReceiveBatch() > 1, () -> "an 8 MiB upload never gave recvmmsg two datagrams at once: "
                    + socket.datagramsReceived() + " datagrams in " + socket.receiveCalls() + " calls");

            long calls = socket.sendCalls();
            long datagrams = socket.datagramsSent();
            long gsoSends = socket.gsoSends();
            assertArrayEquals(file, client.get(id), "the download");
            long callsDuringGet = socket.sendCalls() - calls;
            long datagramsDuringGet = socket.datagramsSent() - datagrams;
            assertTrue(socket.gsoSends() > gsoSends, "no GSO send during the GET");
            assertTrue(datagramsDuringGet > SIZE / 1350, "the GET's datagrams: " + datagramsDuringGet);
            assertTrue(datagramsDuringGet >= 4 * callsDuringGet, "the GET took " + callsDuringGet
                    + " sendmsg calls for " + datagramsDuringGet + " datagrams: not batched");
            assertTrue(socket.gso(), () -> "GSO was refused: " + socket.gsoProblem());
        }
    }

    @Test
    void whenTheKernelRefusesGsoEveryDatagramIsSentAloneAndTheTransferCompletes() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        byte[] file = random(SIZE, 2);
        try (Ngtcp2Server server = start(identity);
             LibquicClient client = new LibquicClient(HANG_GUARD)) {
            UdpSocket socket = server.socket();
            assertTrue(socket.gso(), "GSO is on before the kernel is made to refuse it");
            assertNull(socket.gsoProblem());
            socket.disableChecksums(); // UDP without checksums cannot be segmented: the kernel answers EINVAL

            client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic()));
            String id = client.put(file).string("#").orElseThrow();
            assertArrayEquals(file, client.get(id), "the download without GSO");

            assertFalse(socket.gso(), "GSO still on after the kernel refused it");
            assertTrue(socket.gsoProblem().contains("errno 22"), socket.gsoProblem());
            assertEquals(0, socket.gsoSends(), "no send carried several datagrams");
            assertEquals(1, socket.sendCalls() - socket.datagramsSent(),
                    "exactly one call (the refused one) sent nothing; every other sent one datagram");
        }
    }

    @Test
    void aSocketBoundToTheIpv6WildcardServesIpv4AndIpv6Clients() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        byte[] key = ServerKeyPin.rawEd25519(identity.getPublic());
        byte[] file = random(1 << 20, 3);
        try (Ngtcp2Server server = start(identity, "::")) {
            int port = server.localAddress().getPort();
            assertTrue(server.localAddress().getAddress() instanceof Inet6Address, server.localAddress().toString());
            for (InetAddress address : new InetAddress[] {InetAddress.getByName("127.0.0.1"), InetAddress.getByName("::1")}) {
                try (LibquicClient client = new LibquicClient(HANG_GUARD)) {
                    client.connect(new InetSocketAddress(address, port), key);
                    String id = client.put(file).string("#").orElseThrow();
                    assertArrayEquals(file, client.get(id), "a download to " + address);
                    InetSocketAddress peer = server.peerAddresses().getFirst();
                    assertEquals(address.getClass(), peer.getAddress().getClass(),
                            "an IPv4 peer of a dual-stack socket is seen as IPv4 (as the JDK reports it): " + peer);
                }
            }
        }
    }

    private static Ngtcp2Server start(KeyPair identity) throws Exception {
        return start(identity, "127.0.0.1");
    }

    private static Ngtcp2Server start(KeyPair identity, String address) throws Exception {
        return InProcessServers.start(identity, new InMemoryFileRouter(), Map.of("address", address),
                System.getLogger("quicfiles.test.batched-io"));
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * Many libquic-shaped clients at once, each on its own connection: all connected at the same time
 * (the server holds every one of them), then each does a PUT and a GET, all byte-exact; then every
 * connection is gone from the server. {@code -Dngtcp2.connections=N} (issue 15 asks for 1,000; the
 * default keeps CI short on 2 cores).
 *
 * <p>At most {@value #HANDSHAKES_AT_ONCE} handshakes are started at once. Every client here is a
 * platform thread of this JVM, so 1,000 clients handshaking together starve the server's single
 * loop thread of CPU (the kernel's scheduler shares the 2 cores among 1,000 runnable threads): its
 * socket buffer overflowed (about 7,000 datagrams dropped per run, {@code RcvbufErrors} in
 * {@code /proc/net/snmp}) and a few handshakes lost their Initials four times in a row and ran
 * into the 10 s handshake timeout. Clients on other machines do not take the server's CPU.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ManyConnectionsTest {
    private static final int CONNECTIONS = Integer.getInteger("ngtcp2.connections", 100);
    private static final int HANDSHAKES_AT_ONCE = 50;

    @Test
    void everyConcurrentClientPutsAndGetsByteExact() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        byte[] key = ServerKeyPin.rawEd25519(identity.getPublic());
        Transport server = InProcessServers.start(identity, new InMemoryFileRouter(), Map.of(), System.getLogger("quicfiles.test.many"));
        Semaphore handshakes = new Semaphore(HANDSHAKES_AT_ONCE);
        CountDownLatch allConnected = new CountDownLatch(CONNECTIONS);
        AtomicInteger mostOpen = new AtomicInteger();
        long started = System.nanoTime();
        try {
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> clients = new ArrayList<>();
                for (int c = 0; c < CONNECTIONS; c++) {
                    int seed = c;
                    clients.add(threads.submit(() -> {
                        byte[] content = new byte[1_000 + new SplittableRandom(seed).nextInt(20_000)];
                        new SplittableRandom(seed).nextBytes(content);
                        try (LibquicClient client = new LibquicClient(Duration.ofSeconds(120))) {
                            handshakes.acquire();
                            try {
                                client.connect(server.localAddress(), key);
                            } finally {
                                handshakes.release();
                            }
                            allConnected.countDown();
                            // every client waits until all are connected: the transfers overlap on N open connections
                            if (!allConnected.await(120, TimeUnit.SECONDS)) {
                                throw new AssertionError("not every client connected within 120 s");
                            }
                            mostOpen.accumulateAndGet(((Ngtcp2Server) server).openConnections(), Math::max);
                            String id = client.put(content).string("#").orElseThrow();
                            assertArrayEquals(content, client.get(id));
                        }
                        return null;
                    }));
                }
                for (Future<?> client : clients) {
                    client.get();
                }
            }
            System.out.printf("many connections: %d clients, %d open at once on the server, PUT+GET each byte-exact, %d ms%n",
                    CONNECTIONS, mostOpen.get(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            assertEquals(CONNECTIONS, mostOpen.get(), "the server never held every connection at once");
            // closed clients sent CONNECTION_CLOSE: the server forgets them
            Await.until(() -> ((Ngtcp2Server) server).openConnections() == 0, Duration.ofSeconds(30),
                    "server without connections after every client closed");
        } finally {
            server.close();
        }
    }
}

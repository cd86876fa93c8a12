package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * Many libquic-shaped clients at once, each on its own connection doing a PUT and a GET, all
 * byte-exact; then every connection is gone from the server. {@code -Dngtcp2.connections=N}
 * (issue 15 asks for 1,000; the default keeps CI short on 2 cores).
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class ManyConnectionsTest {
    private static final int CONNECTIONS = Integer.getInteger("ngtcp2.connections", 100);

    @Test
    void everyConcurrentClientPutsAndGetsByteExact() throws Exception {
        Ngtcp2TransportProvider provider = new Ngtcp2TransportProvider();
        assumeTrue(provider.isUsable(), () -> "ngtcp2 transport unusable: " + provider.unusableReason().orElse("?"));
        KeyPair identity = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] key = ServerKeyPin.rawEd25519(identity.getPublic());
        Transport server = provider.start(new TransportContext(new Config(Map.of("address", "127.0.0.1", "port", "0")),
                identity, new InMemoryFileRouter(), System.getLogger("quicfiles.test.many")));
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> clients = new ArrayList<>();
            for (int c = 0; c < CONNECTIONS; c++) {
                int seed = c;
                clients.add(threads.submit(() -> {
                    byte[] content = new byte[1_000 + new SplittableRandom(seed).nextInt(20_000)];
                    new SplittableRandom(seed).nextBytes(content);
                    try (LibquicClient client = new LibquicClient(Duration.ofSeconds(120))) {
                        client.connect(server.localAddress(), key);
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
        try {
            // closed clients sent CONNECTION_CLOSE: the server forgets them (bounded wait, checked every 10 ms)
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (((Ngtcp2Server) server).openConnections() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, ((Ngtcp2Server) server).openConnections(), "connections left after every client closed");
        } finally {
            server.close();
        }
    }
}

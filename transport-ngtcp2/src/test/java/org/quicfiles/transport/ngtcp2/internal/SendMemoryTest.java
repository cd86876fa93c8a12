package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * The server-wide send budget ({@code transport.send-memory}): downloads that together want far
 * more unacknowledged bytes than the budget wait for it and all complete byte-exact, and the native
 * memory held for sending never goes over the budget by more than one stream-0 reply. Timeouts are
 * hang guards only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SendMemoryTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** Four chunks: far less than the eight downloads' 1 MiB each of unacknowledged data. */
    private static final long BUDGET = 4L * FileExchange.CHUNK;
    private static final int DOWNLOADS = 8;
    private static final int SIZE = 3 << 20;

    @Test
    void downloadsOverTheBudgetWaitForItAndAllComplete() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        Ngtcp2Server server = InProcessServers.start(identity, new InMemoryFileRouter(),
                Map.of("send-memory", Long.toString(BUDGET)), System.getLogger("quicfiles.test.send-memory"));
        try (LibquicClient client = new LibquicClient(HANG_GUARD);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            client.connect(server.localAddress(), ServerKeyPin.rawEd25519(identity.getPublic()));
            List<byte[]> files = new ArrayList<>();
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < DOWNLOADS; i++) {
                byte[] file = new byte[SIZE];
                new Random(i).nextBytes(file);
                files.add(file);
                ids.add(client.put(file).string("#").orElseThrow());
            }
            List<Future<byte[]>> downloads = new ArrayList<>();
            for (String id : ids) {
                downloads.add(threads.submit(() -> client.get(id)));
            }
            for (int i = 0; i < DOWNLOADS; i++) {
                assertArrayEquals(files.get(i), downloads.get(i).get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS),
                        "download " + i);
            }
            SendMemory memory = server.sendMemory();
            assertEquals(BUDGET, memory.limit());
            // stream 0's replies are counted without waiting; everything else waited for room
            assertTrue(memory.peak() <= BUDGET + 4096, "peak " + memory.peak() + " over the budget " + BUDGET);
            assertTrue(memory.peak() > BUDGET / 2, "the downloads did press on the budget: peak " + memory.peak());
            Await.until(() -> memory.used() == 0, HANG_GUARD, "the send memory given back once everything is acknowledged");
        } finally {
            server.close();
        }
    }
}

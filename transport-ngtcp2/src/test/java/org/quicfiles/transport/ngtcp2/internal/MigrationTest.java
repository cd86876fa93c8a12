package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.Bt;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * Connection migration: a libquic-shaped client moves to a new source port in the middle of an
 * upload and a download, and the server follows it (ngtcp2 validates the new path; the server
 * sends every packet to the path ngtcp2 chose for it). Timeouts are hang guards only.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MigrationTest {
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    private static final int SIZE = 8 << 20;

    private static Ngtcp2Server server;
    private static byte[] serverKey;

    @BeforeAll
    static void startServer() throws Exception {
        KeyPair identity = InProcessServers.newIdentity();
        serverKey = ServerKeyPin.rawEd25519(identity.getPublic());
        server = InProcessServers.start(identity, new InMemoryFileRouter(), Map.of(), System.getLogger("quicfiles.test.migration"));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientThatChangesItsSourcePortMidTransferCompletesBothTransfers() throws Exception {
        byte[] download = random(SIZE, 1);
        byte[] upload = random(SIZE, 2);
        try (LibquicClient client = new LibquicClient(HANG_GUARD);
             ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            client.connect(server.localAddress(), serverKey);
            String downloadId = client.put(download).string("#").orElseThrow();

            // moves between two reads once 1 MiB of the download arrived and 1 MiB of the upload was
            // acknowledged; the upload's second half waits for the move, so both are certainly under way
            var migration = client.migrateWhen(1 << 20, 1 << 20);
            Future<Bt.Dict> put = threads.submit(() -> client.put(upload, migration));
            Future<byte[]> get = threads.submit(() -> client.get(downloadId));
            LibquicClient.Migration moved = migration.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS);

            assertArrayEquals(download, get.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS), "download across the move");
            String uploadId = put.get(HANG_GUARD.toSeconds(), TimeUnit.SECONDS).string("#").orElseThrow();
            assertArrayEquals(upload, client.get(uploadId), "upload across the move, read back on the new path");

            assertNotEquals(moved.from().getPort(), moved.to().getPort(), "a new source port");
            assertTrue(moved.received() < SIZE && moved.acked() < SIZE,
                    "both transfers were under way when the port changed: " + moved);
            assertEquals(List.of(moved.to()), server.peerAddresses(), "the server's connection follows the new path");
        }
    }

    private static byte[] random(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}

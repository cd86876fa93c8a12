package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.protocol.ContentIds;

/**
 * Crash safety (issue 8): the packaged server is SIGKILLed while several uploads run, then restarted
 * on the same data folder, round after round. After every restart: no temporary survived start-up,
 * every row has its blob and every blob its row, every stored blob hashes to its id (so nothing
 * partial is ever served), and every acknowledged upload reads back exactly over QUIC.
 *
 * <p>Rounds: {@code -Dcrash.rounds} (20 by default); seed: {@code -Dcrash.seed} (printed).
 */
class CrashSafetyTest {
    static final int UPLOADERS = 4;

    @TempDir
    Path work;

    @Test
    void acknowledgedUploadsSurviveSigkillAndNothingPartialIsServed() throws Exception {
        int rounds = Integer.getInteger("crash.rounds", 20);
        long seed = Long.getLong("crash.seed", 20261125L);
        System.out.printf("crash safety: %d rounds, seed %d (-Dcrash.seed=%d to repeat)%n", rounds, seed, seed);
        SplittableRandom random = new SplittableRandom(seed);
        Path data = work.resolve("data");
        Map<String, byte[]> acknowledged = new ConcurrentHashMap<>();
        int killedInFlight = 0;

        for (int round = 0; round < rounds; round++) {
            int killAfter = random.nextInt(8);
            long roundSeed = random.nextLong();
            try (PackagedServer server = PackagedServer.start(work, data, FilesServiceEndToEndTest.PATIENT)) {
                checkRecovered(server, acknowledged, round == rounds - 1, random);
                killedInFlight += uploadUntilKilled(server, roundSeed, killAfter, acknowledged);
            }
        }
        try (PackagedServer server = PackagedServer.start(work, data, FilesServiceEndToEndTest.PATIENT)) {
            checkRecovered(server, acknowledged, true, random);
            server.terminate();
        }
        System.out.printf("crash safety: %d rounds, %d acknowledged uploads kept, %d uploads cut by SIGKILL%n",
                rounds, acknowledged.size(), killedInFlight);
        assertTrue(killedInFlight > 0, "some uploads were in flight at the kills");
    }

    /**
     * Runs {@link #UPLOADERS} uploaders on one connection until {@code killAfter} uploads are
     * acknowledged, then SIGKILLs the server with the others in flight.
     *
     * @return how many uploads the kill cut
     */
    private static int uploadUntilKilled(PackagedServer server, long seed, int killAfter, Map<String, byte[]> acknowledged)
            throws Exception {
        Semaphore acks = new Semaphore(0);
        AtomicBoolean killed = new AtomicBoolean();
        int[] cut = new int[1];
        List<Thread> uploaders = new ArrayList<>();
        try (QuicFilesClient client = server.connect(Duration.ofSeconds(10))) {
            for (int index = 0; index < UPLOADERS; index++) {
                SplittableRandom random = new SplittableRandom(seed + index);
                uploaders.add(Thread.ofVirtual().start(() -> {
                    while (!killed.get()) {
                        byte[] content = Transfers.content(random, 1 + random.nextInt(256 * 1024));
                        try {
                            FileInfo stored = Transfers.put(client, content, 3600);
                            if (!killed.get()) {
                                acknowledged.put(stored.id(), content);
                                assertEquals(ContentIds.of(content), stored.id());
                            }
                            acks.release();
                        } catch (IOException e) {
                            synchronized (cut) {
                                cut[0]++;
                            }
                            return;
                        }
                    }
                }));
            }
            assertTrue(acks.tryAcquire(killAfter, 2, TimeUnit.MINUTES), "uploads are acknowledged");
            // an acknowledgement racing the kill is counted only if it arrived before this flag
            killed.set(true);
            server.kill();
        }
        for (Thread uploader : uploaders) {
            assertTrue(uploader.join(Duration.ofMinutes(1)), "an uploader ends once the server is gone");
        }
        return cut[0];
    }

    private static void checkRecovered(PackagedServer server, Map<String, byte[]> acknowledged, boolean everyFile,
                                       SplittableRandom random) throws Exception {
        DataFolder folder = server.folder();
        assertEquals(List.of(), folder.temporaries(), "no temporary survives start-up");
        Set<String> rows = new TreeSet<>(folder.rows().keySet());
        Set<String> blobs = new TreeSet<>(folder.blobIds());
        assertEquals(rows, blobs, "no row without its blob, no blob without its row");
        for (String id : blobs) {
            assertEquals(id, ContentIds.of(Files.readAllBytes(folder.blob(id))), "blob " + id + " is complete");
        }
        assertTrue(blobs.containsAll(acknowledged.keySet()), "every acknowledged upload is stored");
        try (QuicFilesClient client = server.connect()) {
            for (Map.Entry<String, byte[]> entry : acknowledged.entrySet()) {
                if (everyFile || random.nextInt(10) == 0) {
                    assertArrayEquals(entry.getValue(), Transfers.get(client, entry.getKey()), entry.getKey());
                }
            }
        }
    }
}

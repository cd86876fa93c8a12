package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.testkit.storage.S3ProxyServer;

/**
 * The packaged server with {@code --storage s3} against a real S3 server (S3Proxy, filesystem
 * backend, its own process): the AWS SDK on the installation's module path, files of one and of
 * several parts, and a SIGKILL mid-upload that leaves nothing in the bucket after the next start.
 */
class S3StoragePackagedTest {
    private static final int PART = 5 << 20;

    @TempDir
    static Path s3Folder;
    static S3ProxyServer s3;

    @TempDir
    Path work;

    @BeforeAll
    static void startS3() throws Exception {
        assumeTrue(S3ProxyServer.isAvailable(), "no S3Proxy class path (module testkit-s3proxy)");
        s3 = S3ProxyServer.start(s3Folder);
    }

    @AfterAll
    static void stopS3() {
        if (s3 != null) {
            s3.close();
        }
    }

    private static String[] flags(String bucket, String... more) {
        s3.createBucket(bucket);
        List<String> flags = new ArrayList<>(List.of("--storage", "s3", "--max-size", "40M",
                "-D", "storage.s3.part-size=" + PART));
        s3.storageSettings(bucket).forEach((key, value) -> flags.addAll(List.of("-D", "storage." + key + "=" + value)));
        flags.addAll(List.of(more));
        return flags.toArray(String[]::new);
    }

    private static List<Path> filesIn(Path folder) throws IOException {
        try (Stream<Path> all = Files.walk(folder)) {
            return all.filter(Files::isRegularFile).map(folder::relativize).sorted().toList();
        }
    }

    @Test
    void filesOfOneAndOfSeveralPartsRoundTripThroughTheBucket() throws Exception {
        SplittableRandom random = new SplittableRandom(18);
        byte[] small = Transfers.content(random, 1_000_000);
        byte[] big = Transfers.content(random, 2 * PART + 12_345);
        Path data = work.resolve("data");
        try (PackagedServer server = PackagedServer.start(work, data, flags("roundtrip"))) {
            assertEquals("s3", server.storage());
            List<String> ids = new ArrayList<>();
            try (QuicFilesClient client = server.connect()) {
                for (byte[] content : List.of(small, big)) {
                    FileInfo info = Transfers.put(client, content, 3600);
                    ids.add(info.id());
                    assertArrayEquals(content, Transfers.get(client, info.id()));
                }
            }
            Path bucket = s3Folder.resolve("data/roundtrip");
            assertEquals(ids.stream().map(id -> Path.of("files", id)).sorted().toList(), filesIn(bucket),
                    "the bucket holds the two files and no temporary");
            assertEquals(List.of(), filesIn(data.resolve("blobs")), "nothing stored locally");
        }
    }

    @Test
    void aServerKilledMidUploadLeavesNoObjectAfterTheNextStart() throws Exception {
        Path data = work.resolve("data");
        Path bucket = s3Folder.resolve("data/crash");
        String[] flags = flags("crash", "-D", "storage.s3.leftover-age=0s");
        byte[] content = Transfers.content(new SplittableRandom(19), 6 * PART);
        CountDownLatch stalled = new CountDownLatch(1);
        try (PackagedServer server = PackagedServer.start(work, data, flags)) {
            Thread upload = Thread.ofVirtual().start(() -> {
                try (QuicFilesClient client = server.connect()) {
                    // three parts' worth, then the client stalls: the server has parts in S3, nothing committed
                    client.put(new StallingChannel(content, 3 * PART, stalled), content.length, OptionalLong.of(3600));
                } catch (IOException | RuntimeException expected) {
                    // the server is killed under it
                }
            });
            assertTrue(stalled.await(2, TimeUnit.MINUTES), "the client never sent three parts");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
            while (filesIn(bucket).isEmpty()) {
                assertTrue(System.nanoTime() < deadline, "no part of the upload reached the bucket");
                Thread.sleep(50);
            }
            server.kill();
            upload.interrupt();
        }
        assertTrue(filesIn(bucket).stream().noneMatch(p -> p.startsWith("files")), filesIn(bucket).toString());
        try (PackagedServer next = PackagedServer.start(work, data, flags)) {
            assertEquals(List.of(), filesIn(bucket), "after the start-up sweep");
            assertTrue(next.stderr().contains("unfinished upload"), next.stderr());
        }
    }
}

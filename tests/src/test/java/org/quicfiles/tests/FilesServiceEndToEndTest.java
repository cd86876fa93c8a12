package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.protocol.ContentIds;

/**
 * Issue 4's done-criteria through the packaged server and the client library over QUIC on
 * 127.0.0.1: content ids, deduplication, every refusal leaving nothing behind, 31 parallel and 200
 * sequential transfers on one connection.
 */
class FilesServiceEndToEndTest {
    /** The server's default maximum upload size (protocol.md). */
    static final long MAX_SIZE = 10_223_616;
    /**
     * The transport's stall timeout (30 s) reset downloads of the 31-parallel test on this shared,
     * overloaded machine (load 20+ on 2 cores): a stream waiting for window while its siblings use
     * the connection's credit counts as stalled. These tests are about bytes, not that abuse limit.
     * Storage: the default provider, nio (decision notes 0203, 0204);
     * {@link #putAndGetWithEachStorageProviderForced} covers both.
     */
    static final String[] PATIENT = {"-D", "transport.stall-timeout=10m", "--idle-timeout", "10m", "--storage", "nio"};

    @TempDir
    static Path work;

    static PackagedServer server;
    /** One connection per test: the server closes connections idle for 30 s, and the client sends no PINGs. */
    QuicFilesClient client;

    @BeforeAll
    static void startServer() throws Exception {
        server = PackagedServer.start(work, work.resolve("data"), PATIENT);
    }

    @org.junit.jupiter.api.BeforeEach
    void connect() throws Exception {
        client = server.connect();
    }

    @org.junit.jupiter.api.AfterEach
    void disconnect() {
        client.close();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.terminate();
            assertTrue(!server.stderr().contains("LEAK:"), server.stderr());
        }
    }

    @Test
    void putThenGetReturnsTheBytesUnderTheirKeyedBlake2bId() throws Exception {
        byte[] content = Transfers.content(new SplittableRandom(1), 123_457);

        FileInfo stored = Transfers.put(client, content, 3600);

        assertEquals(ContentIds.of(content), stored.id());
        assertEquals(44, stored.id().length());
        assertEquals(content.length, stored.size());
        assertEquals(3600, stored.expiry() - stored.uploaded());
        assertArrayEquals(content, Transfers.get(client, stored.id()));
        long[] row = server.folder().rows().get(stored.id());
        assertArrayEquals(new long[] {content.length, stored.uploaded(), stored.expiry()}, row);
    }

    @Test
    void theSameContentTwiceIsOneFileWithTheFirstUploadTimeAndTheLaterExpiry() throws Exception {
        byte[] content = "the same bytes, twice".getBytes(StandardCharsets.US_ASCII);

        FileInfo first = Transfers.put(client, content, 60);
        FileInfo second = Transfers.put(client, content, 7200);
        FileInfo third = Transfers.put(client, content, 30);

        assertEquals(first.id(), second.id());
        assertEquals(first.uploaded(), second.uploaded());
        assertTrue(second.expiry() >= first.expiry() && second.expiry() >= second.uploaded() + 7200 - 5);
        assertEquals(second.expiry(), third.expiry(), "a shorter ttl never shortens the expiry");
        assertEquals(first.uploaded(), third.uploaded());
        assertEquals(1, server.folder().blobIds().stream().filter(first.id()::equals).count());
    }

    static List<org.junit.jupiter.params.provider.Arguments> refusals() {
        byte[] five = "12345".getBytes(StandardCharsets.US_ASCII);
        byte[] ten = "1234567890".getBytes(StandardCharsets.US_ASCII);
        return List.of(
                org.junit.jupiter.params.provider.Arguments.of("size 0", 451L,
                        Transfers.block(Bt.Dict.builder().put("!", "PUT").put("s", 0L).build())),
                org.junit.jupiter.params.provider.Arguments.of("size negative", 451L,
                        Transfers.block(Bt.Dict.builder().put("!", "PUT").put("s", -5L).build())),
                org.junit.jupiter.params.provider.Arguments.of("size over the maximum", 451L,
                        Transfers.concat(Transfers.block(Bt.Dict.builder().put("!", "PUT").put("s", MAX_SIZE + 1).build()),
                                ten)),
                org.junit.jupiter.params.provider.Arguments.of("FIN before s bytes", 452L,
                        Transfers.concat(Transfers.block(Bt.Dict.builder().put("!", "PUT").put("s", 10L).build()), five)),
                org.junit.jupiter.params.provider.Arguments.of("more than s bytes", 453L,
                        Transfers.concat(Transfers.block(Bt.Dict.builder().put("!", "PUT").put("s", 5L).build()), ten)),
                org.junit.jupiter.params.provider.Arguments.of("GET of an unknown id", 404L,
                        Transfers.block(Bt.Dict.builder().put("!", "GET").put("#", "A".repeat(44)).build())),
                org.junit.jupiter.params.provider.Arguments.of("GET of a bad id", 400L,
                        Transfers.block(Bt.Dict.builder().put("!", "GET").put("#", "../x").build())),
                org.junit.jupiter.params.provider.Arguments.of("unknown command", 405L,
                        Transfers.block(Bt.Dict.builder().put("!", "DELETE").build())),
                org.junit.jupiter.params.provider.Arguments.of("no bt block", 400L,
                        "hello".getBytes(StandardCharsets.US_ASCII)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("refusals")
    void eachRefusalHasItsCodeAndLeavesNothingBehind(String what, long code, byte[] stream) throws Exception {
        Map<String, long[]> rowsBefore = server.folder().rows();
        List<String> blobsBefore = server.folder().blobIds();

        assertEquals(code, Transfers.resetCode(client, stream), what);

        assertEquals(List.of(), server.folder().temporaries(), what);
        assertEquals(rowsBefore.keySet(), server.folder().rows().keySet(), what);
        assertEquals(blobsBefore, server.folder().blobIds(), what);
        assertArrayEquals(new byte[] {1}, roundTrip(new byte[] {1}), "the connection still works");
    }

    /** 31 files from 1 byte to just under the 10 MB maximum. */
    static List<byte[]> thirtyOneFiles() {
        SplittableRandom random = new SplittableRandom(31);
        List<byte[]> contents = new ArrayList<>();
        for (int index = 0; index < 31; index++) {
            int size = index == 0 ? 1 : index == 30 ? (int) MAX_SIZE - 1 : 1 + random.nextInt(index * 100_000);
            contents.add(Transfers.content(random, size));
        }
        return contents;
    }

    /** Runs the 31 uploads at once on {@code one}; checks the ids; returns them in order. */
    static List<String> putInParallel(QuicFilesClient one, List<byte[]> contents) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<FileInfo>> puts = new ArrayList<>();
            for (byte[] content : contents) {
                puts.add(pool.submit(() -> Transfers.put(one, content, 3600)));
            }
            List<String> ids = new ArrayList<>();
            for (int index = 0; index < contents.size(); index++) {
                FileInfo stored = puts.get(index).get();
                assertEquals(ContentIds.of(contents.get(index)), stored.id());
                ids.add(stored.id());
            }
            return ids;
        }
    }

    /** Runs the downloads at once on {@code one} and compares them byte for byte. */
    static void getInParallel(QuicFilesClient one, List<String> ids, List<byte[]> contents) throws Exception {
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<byte[]>> gets = new ArrayList<>();
            for (String id : ids) {
                gets.add(pool.submit((Callable<byte[]>) () -> Transfers.get(one, id)));
            }
            for (int index = 0; index < ids.size(); index++) {
                assertArrayEquals(contents.get(index), gets.get(index).get(), "file " + index);
            }
        }
    }

    @Test
    void thirtyOneParallelPutsThenThirtyOneParallelGetsOnOneConnection() throws Exception {
        List<byte[]> contents = thirtyOneFiles();
        try (QuicFilesClient one = server.connect()) {
            getInParallel(one, putInParallel(one, contents), contents);
        }
        assertEquals(List.of(), server.folder().temporaries());
    }

    @Test
    void thirtyOneParallelPutsOnOneConnectionThenThirtyOneParallelGetsOnAnother() throws Exception {
        List<byte[]> contents = thirtyOneFiles();
        List<String> ids;
        try (QuicFilesClient uploads = server.connect()) {
            ids = putInParallel(uploads, contents);
        }
        try (QuicFilesClient downloads = server.connect()) {
            getInParallel(downloads, ids, contents);
        } catch (AssertionError | Exception e) {
            throw new AssertionError("server stderr:\n" + server.stderr(), e);
        }
        assertEquals(List.of(), server.folder().temporaries());
    }

    @Test
    void twoHundredSequentialTransfersOnOneConnection() throws Exception {
        SplittableRandom random = new SplittableRandom(200);
        try (QuicFilesClient one = server.connect()) {
            for (int index = 0; index < 200; index++) {
                byte[] content = Transfers.content(random, 1 + random.nextInt(64 * 1024));
                FileInfo stored = Transfers.put(one, content, 600);
                assertArrayEquals(content, Transfers.get(one, stored.id()), "transfer " + index);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "uring"})
    void putAndGetWithEachStorageProviderForced(String storage, @TempDir Path own) throws Exception {
        StringBuilder why = new StringBuilder();
        var started = PackagedServer.tryStart(own, own.resolve("data"), why, "--storage", storage);
        org.junit.jupiter.api.Assumptions.assumeTrue(started.isPresent() || !storage.equals("uring"),
                () -> "storage provider 'uring' is not usable here: " + why.toString().strip());
        try (PackagedServer forced = started.orElseThrow(() -> new AssertionError(why));
             QuicFilesClient own1 = forced.connect()) {
            assertEquals(storage, forced.storage());
            SplittableRandom random = new SplittableRandom(7);
            for (int size : new int[] {1, 4096, 256 * 1024 + 17, 3_000_000}) {
                byte[] content = Transfers.content(random, size);
                FileInfo stored = Transfers.put(own1, content, 600);
                assertEquals(ContentIds.of(content), stored.id());
                assertArrayEquals(content, Transfers.get(own1, stored.id()));
                assertArrayEquals(content, java.nio.file.Files.readAllBytes(forced.folder().blob(stored.id())));
            }
            assertEquals(List.of(), forced.folder().temporaries());
            forced.terminate();
        }
    }

    private byte[] roundTrip(byte[] content) throws Exception {
        return Transfers.get(client, Transfers.put(client, content, 60).id());
    }
}

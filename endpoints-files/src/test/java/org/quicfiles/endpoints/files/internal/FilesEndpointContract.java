package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicfiles.endpoints.files.internal.FilesFixture.assertFails;
import static org.quicfiles.endpoints.files.internal.FilesFixture.putHeader;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.protocol.ContentIds;
import org.quicfiles.testkit.InMemoryExchange;

/**
 * The PUT and GET behaviour every blob store must give the files plugin: subclasses name the store.
 * Uses only the {@link org.quicfiles.api.storage.BlobStore} api, and counts the process's open
 * file descriptors under the store's folder to check that readers are closed.
 */
abstract class FilesEndpointContract {
    private static final long MAX_TTL = Duration.ofDays(14).toSeconds();
    /** The buffer size of the api's default {@code transferFrom}, which {@code InMemoryExchange} uses. */
    private static final int TRANSFER_BUFFER = 64 * 1024;

    @TempDir
    Path root;
    FilesFixture files;

    /** Opens the store under test in {@code folder}. */
    abstract BlobStore openStore(Path folder) throws Exception;

    @BeforeEach
    void start() throws Exception {
        files = new FilesFixture(root, Map.of("delete-expired", "false"), this::openStore);
    }

    @AfterEach
    void stop() throws Exception {
        if (files != null) {
            files.close();
        }
    }

    static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    @Test
    void putThenGetReturnsTheSameBytesUnderTheKeyedBlake2bId() throws Exception {
        byte[] content = randomBytes(300_001, 1);
        FileInfo stored = files.put(content);

        // protocol's ContentIds is itself checked against vectors from Python's hashlib (ContentIdsTest)
        assertEquals(ContentIds.of(content), stored.id());
        assertEquals(44, stored.id().length());
        assertEquals(files.clock.epochSecond(), stored.uploaded());
        assertEquals(files.clock.epochSecond() + MAX_TTL, stored.expiry());
        assertArrayEquals(content, files.get(stored.id()));
        assertEquals(0, files.temporaryCount());
        assertEquals(1, files.rowCount());
    }

    @Test
    void idsMatchVectorsComputedWithPythonHashlib() throws Exception {
        assertEquals("ZFbILDC7_URkPcEZaeb726etcIR72HHGYE1k6u7e0Xam",
                files.put("hello world".getBytes(StandardCharsets.US_ASCII)).id());
        byte[] pattern = new byte[256_000];
        for (int i = 0; i < pattern.length; i++) {
            pattern[i] = (byte) i;
        }
        assertEquals("5KV3xjVlPTTYCq4a7qHTy8tgGerSbVV4Av7LaXpErZrX", files.put(pattern).id());
    }

    @Test
    void sameContentTwiceKeepsTheFirstUploadTimeAndNeverShortensExpiry() throws Exception {
        byte[] content = randomBytes(5000, 2);
        FileInfo first = files.put(content, putHeader(content.length, 3600L));
        files.clock.advance(Duration.ofSeconds(100));

        FileInfo shorter = files.put(content, putHeader(content.length, 60L));
        assertEquals(first.id(), shorter.id());
        assertEquals(first.uploaded(), shorter.uploaded());
        assertEquals(first.expiry(), shorter.expiry(), "a shorter ttl does not shorten");

        FileInfo longer = files.put(content, putHeader(content.length, 7200L));
        assertEquals(first.uploaded(), longer.uploaded());
        assertEquals(files.clock.epochSecond() + 7200, longer.expiry());
        assertEquals(1, files.rowCount());
        assertEquals(1, files.blobCount());
        assertEquals(0, files.temporaryCount());
    }

    @Test
    void reuploadAfterExpiryIsANewFile() throws Exception {
        byte[] content = randomBytes(100, 3);
        FileInfo first = files.put(content, putHeader(content.length, 30L));
        files.clock.advance(Duration.ofSeconds(31));
        FileInfo again = files.put(content, putHeader(content.length, 30L));
        assertEquals(files.clock.epochSecond(), again.uploaded());
        assertTrue(again.uploaded() > first.uploaded());
        assertEquals(0, files.plugin.deleter().runOnce(), "the revived file is not expired");
        assertArrayEquals(content, files.get(first.id()));
    }

    @Test
    void ttlIsClampedToThirtySecondsAndTheMaximum() throws Exception {
        long now = files.clock.epochSecond();
        assertEquals(now + 30, files.put(randomBytes(10, 4), putHeader(10, 1L)).expiry());
        assertEquals(now + 30, files.put(randomBytes(10, 5), putHeader(10, -5L)).expiry());
        assertEquals(now + 45, files.put(randomBytes(10, 6), putHeader(10, 45L)).expiry());
        assertEquals(now + MAX_TTL, files.put(randomBytes(10, 7), putHeader(10, MAX_TTL * 10)).expiry());
        assertEquals(now + MAX_TTL, files.put(randomBytes(10, 8), putHeader(10, null)).expiry());
    }

    @Test
    void badSizesAre451AndLeaveNothing() throws Exception {
        long max = FilesSettings.DEFAULT_MAX_SIZE;
        for (long size : new long[] {0, -1, max + 1}) {
            assertFails(ErrorCode.BAD_SIZE, () -> files.handle("PUT", FilesFixture.putExchange(size, new byte[10], 10)));
        }
        files.assertEmpty();
    }

    @Test
    void maxSizeIsAccepted() throws Exception {
        byte[] content = randomBytes((int) FilesSettings.DEFAULT_MAX_SIZE, 9);
        FileInfo stored = files.put(content);
        assertArrayEquals(content, files.get(stored.id()));
    }

    @Test
    void missingOrMistypedSizeIs400() throws Exception {
        assertFails(ErrorCode.BAD_REQUEST, () -> files.handle("PUT",
                FilesFixture.exchange(Bt.Dict.builder().put("!", "PUT").build()).body(new byte[5], 5)));
        assertFails(ErrorCode.BAD_REQUEST, () -> files.handle("PUT",
                FilesFixture.exchange(Bt.Dict.builder().put("!", "PUT").put("s", "5").build()).body(new byte[5], 5)));
        files.assertEmpty();
    }

    @Test
    void finBeforeTheDeclaredSizeIs452AndLeavesNothing() throws Exception {
        assertFails(ErrorCode.TOO_SHORT, () -> files.handle("PUT", FilesFixture.putExchange(100_000, randomBytes(99_999, 10), 7000)));
        assertFails(ErrorCode.TOO_SHORT, () -> files.handle("PUT", FilesFixture.putExchange(10, new byte[0], 1)));
        files.assertEmpty();
    }

    @Test
    void moreThanTheDeclaredSizeIs453AndLeavesNothing() throws Exception {
        assertFails(ErrorCode.TOO_LONG, () -> files.handle("PUT", FilesFixture.putExchange(100_000, randomBytes(100_001, 11), 7000)));
        assertFails(ErrorCode.TOO_LONG, () -> files.handle("PUT", FilesFixture.putExchange(1, new byte[2], 2)));
        files.assertEmpty();
    }

    @Test
    void peerResetDuringUploadLeavesNothing() throws Exception {
        InMemoryExchange exchange = FilesFixture.putExchange(200_000, randomBytes(100_000, 12), 8000).resetAfterBody();
        assertThrows(StreamAbortedException.class, () -> files.handle("PUT", exchange));
        files.assertEmpty();
    }

    @Test
    void aDiskThatFillsAtTheThirdWriteLeavesNoBlobNoTemporaryAndNoRow() throws Exception {
        AtomicInteger writes = new AtomicInteger();
        files.restartSeeing(store -> FailOnDemand.writesFailingAt(store, 3, writes), UnaryOperator.identity());
        byte[] content = randomBytes(10_000, 21);

        FilesFixture.assertFails(ErrorCode.INTERNAL_ERROR, () -> files.put(content));

        assertEquals(3, writes.get(), "two chunks were written before the failing one");
        files.assertEmpty();
        FilesFixture.assertFails(ErrorCode.NOT_FOUND, () -> files.get(ContentIds.of(content)));
        assertEquals(0, files.openHandlesInStore(), "the temporary's handle is closed");
        assertArrayEquals(content, files.get(files.put(content).id()), "the next upload is whole");
    }

    @Test
    void aDatabaseCommitThatFailsLeavesNoRowAndNoBlob() throws Exception {
        AtomicBoolean failCommits = new AtomicBoolean();
        files.restartSeeing(UnaryOperator.identity(), real -> {
            try {
                return FailOnDemand.commitsFailingWhile(real, failCommits);
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
        });
        byte[] content = randomBytes(100_000, 22);

        failCommits.set(true);
        FilesFixture.assertFails(ErrorCode.INTERNAL_ERROR, () -> files.put(content));
        failCommits.set(false);

        files.assertEmpty();
        FilesFixture.assertFails(ErrorCode.NOT_FOUND, () -> files.get(ContentIds.of(content)));
        FileInfo stored = files.put(content);
        assertEquals(ContentIds.of(content), stored.id());
        assertEquals(1, files.rowCount());
        assertArrayEquals(content, files.get(stored.id()));
    }

    @Test
    void getOfAnUnknownIdIs404() throws Exception {
        assertFails(ErrorCode.NOT_FOUND, () -> files.handle("GET", FilesFixture.getExchange("A".repeat(44))));
        assertFails(ErrorCode.NOT_FOUND, () -> files.handle("GET", FilesFixture.getExchange("1234567890123456")));
    }

    @Test
    void getOfABadIdIs400() throws Exception {
        for (String id : new String[] {"", "A".repeat(43), "A".repeat(45), "A".repeat(43) + "=", "12345678901234567",
                "../" + "A".repeat(41), "A".repeat(43) + "+"}) {
            assertFails(ErrorCode.BAD_REQUEST, () -> files.handle("GET", FilesFixture.getExchange(id)));
        }
        assertFails(ErrorCode.BAD_REQUEST, () -> files.handle("GET",
                FilesFixture.exchange(Bt.Dict.builder().put("!", "GET").build())));
        assertFails(ErrorCode.BAD_REQUEST, () -> files.handle("GET",
                FilesFixture.exchange(Bt.Dict.builder().put("!", "GET").put("#", 5).build())));
    }

    @Test
    void bytesAfterTheGetBlockAre400() throws Exception {
        FileInfo stored = files.put(randomBytes(10, 13));
        long handlesBefore = files.openHandlesInStore();
        InMemoryExchange exchange = FilesFixture.getExchange(stored.id()).body(new byte[1], 1);
        assertFails(ErrorCode.BAD_REQUEST, () -> files.handle("GET", exchange));
        assertEquals(0, exchange.written().length);
        assertEquals(handlesBefore, files.openHandlesInStore());
    }

    @Test
    void bytesAfterTheGetBlockOfAnUnknownIdAre400Not404() throws Exception {
        InMemoryExchange exchange = FilesFixture.getExchange("A".repeat(44)).body(new byte[] {7}, 1);
        assertFails(ErrorCode.BAD_REQUEST, () -> files.handle("GET", exchange));
        assertEquals(0, exchange.written().length);
    }

    @Test
    void getSaysWhereItsAnswerEndsWithItsLastBytes() throws Exception {
        // a small file (one write) and one of several chunks: both end with write(src, true), so the
        // transport sends FIN with those bytes instead of waiting for the flush timer
        for (int size : new int[] {1, 1_000, 300_001}) {
            byte[] content = randomBytes(size, 31 + size);
            FileInfo stored = files.put(content);
            InMemoryExchange exchange = FilesFixture.getExchange(stored.id());
            files.handle("GET", exchange);
            assertTrue(exchange.endedExplicitly(), "size " + size);
            byte[] written = exchange.written();
            assertArrayEquals(content, java.util.Arrays.copyOfRange(written, GetStreamCommand.head(stored).length, written.length));
        }
    }

    @Test
    void aLargerFileGoesInFullChunksWithItsHeadInTheFirst() throws Exception {
        // each write is a task (and often a wake-up) for the transport's loop: the head used to be one of its own
        for (int size : new int[] {TRANSFER_BUFFER - 30, TRANSFER_BUFFER, 100_000,
                2 * TRANSFER_BUFFER, 300_001}) {
            byte[] content = randomBytes(size, 41 + size);
            FileInfo stored = files.put(content);
            InMemoryExchange exchange = FilesFixture.getExchange(stored.id());
            files.handle("GET", exchange);
            byte[] head = GetStreamCommand.head(stored);
            byte[] written = exchange.written();
            assertArrayEquals(head, java.util.Arrays.copyOf(written, head.length), "size " + size);
            assertArrayEquals(content, java.util.Arrays.copyOfRange(written, head.length, written.length), "size " + size);
            int chunks = (head.length + size + TRANSFER_BUFFER - 1) / TRANSFER_BUFFER;
            assertEquals(chunks, exchange.writes(), "size " + size + ": writes");
        }
    }

    @Test
    void getHeadCarriesSizeUploadAndExpiry() throws Exception {
        byte[] content = randomBytes(70_000, 14);
        FileInfo stored = files.put(content);
        InMemoryExchange exchange = FilesFixture.getExchange(stored.id());
        files.handle("GET", exchange);
        byte[] head = GetStreamCommand.head(stored);
        byte[] written = exchange.written();
        assertArrayEquals(head, java.util.Arrays.copyOf(written, head.length));
        String text = new String(head, StandardCharsets.US_ASCII);
        assertEquals(text.indexOf(':') + 1 + Integer.parseInt(text.substring(0, text.indexOf(':'))), head.length);
        assertTrue(text.contains("1:si70000e1:ui" + stored.uploaded() + "e1:xi" + stored.expiry() + "e"), text);
    }

    @Test
    void expiredFileIs404AtOnceAndGoneAfterTheDeleterRuns() throws Exception {
        FileInfo stored = files.put(randomBytes(1000, 15), putHeader(1000, 60L));
        files.clock.advance(Duration.ofSeconds(59));
        assertEquals(1000, files.get(stored.id()).length);
        files.clock.advance(Duration.ofSeconds(1));
        assertFails(ErrorCode.NOT_FOUND, () -> files.handle("GET", FilesFixture.getExchange(stored.id())));
        assertTrue(files.store.exists(stored.id()), "not yet deleted");

        assertEquals(1, files.plugin.deleter().runOnce());
        assertEquals(0, files.rowCount());
        assertTrue(!files.store.exists(stored.id()));
        assertEquals(0, files.blobCount());
        assertEquals(0, files.plugin.deleter().runOnce());
    }

    @Test
    void deleterRemovesOnlyExpiredFilesAcrossBatches() throws Exception {
        int count = ExpiryDeleter.BATCH + 7;
        for (int i = 0; i < count; i++) {
            files.put(randomBytes(8, 1000 + i), putHeader(8, 30L));
        }
        FileInfo keeper = files.put(randomBytes(8, 99), putHeader(8, 3600L));
        files.clock.advance(Duration.ofSeconds(30));
        assertEquals(count, files.plugin.deleter().runOnce());
        assertEquals(1, files.rowCount());
        assertEquals(1, files.blobCount());
        assertEquals(8, files.get(keeper.id()).length);
    }

    @Test
    void aPeerThatStopsReadingClosesTheReader() throws Exception {
        FileInfo stored = files.put(randomBytes(500_000, 16));
        long handlesBefore = files.openHandlesInStore();
        InMemoryExchange exchange = FilesFixture.getExchange(stored.id()).stopReadingAfter(100_000);
        assertThrows(StreamAbortedException.class, () -> files.handle("GET", exchange));
        assertEquals(handlesBefore, files.openHandlesInStore(), "the reader's descriptor is closed");
        files.clock.advance(Duration.ofDays(15));
        assertEquals(1, files.plugin.deleter().runOnce());
        assertEquals(0, files.blobCount());
    }

    @Test
    void aBlobDeletedBehindTheRowIs404() throws Exception {
        FileInfo stored = files.put(randomBytes(10, 17));
        files.store.delete(stored.id());
        assertFails(ErrorCode.NOT_FOUND, () -> files.handle("GET", FilesFixture.getExchange(stored.id())));
    }

    @Test
    void compatIdsAreRandomDecimalNumbers(@TempDir Path otherRoot) throws Exception {
        try (FilesFixture compat = new FilesFixture(otherRoot, Map.of("compat-ids", "true", "delete-expired", "false"),
                this::openStore)) {
            byte[] content = randomBytes(2000, 18);
            FileInfo first = compat.put(content);
            FileInfo second = compat.put(content);
            assertTrue(first.id().matches("[0-9]{1,16}"), first.id());
            assertTrue(Long.parseLong(first.id()) < (1L << 53));
            assertTrue(!first.id().equals(second.id()), "no dedup for compat ids");
            assertArrayEquals(content, compat.get(first.id()));
            assertEquals(2, compat.rowCount());
        }
    }

    @Test
    void restartRemovesLeftoversAndReconcilesRowsWithBlobs() throws Exception {
        byte[] kept = randomBytes(1000, 20);
        FileInfo keptFile = files.put(kept);
        FileInfo rowOnly = files.put(randomBytes(1000, 21));
        files.store.delete(rowOnly.id());

        // a crash after the blob's commit, before its row: a committed blob without a row
        BlobWriter orphan = files.store.create();
        orphan.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        orphan.commit("C".repeat(44));
        // a crash in the middle of an upload: a temporary left behind (never closed)
        files.store.create().write(ByteBuffer.wrap(new byte[] {4}));
        assertEquals(1, files.temporaryCount());

        files.restartAfterCrash();

        assertEquals(0, files.temporaryCount());
        assertEquals(List.of(keptFile.id()), files.store.ids());
        assertArrayEquals(kept, files.get(keptFile.id()));
        if (files.dialect == org.quicfiles.api.spi.ServerContext.SqlDialect.POSTGRESQL) {
            // a shared database keeps rows whose blob this store lacks (0423): they expire
            assertEquals(new StartupRecovery.Report(1, 0, 1, 1), files.plugin.recovery());
            assertEquals(2, files.rowCount());
        } else {
            assertEquals(new StartupRecovery.Report(1, 1, 1), files.plugin.recovery());
            assertEquals(1, files.rowCount());
        }
        assertFails(ErrorCode.NOT_FOUND, () -> files.handle("GET", FilesFixture.getExchange(rowOnly.id())));
    }

    @Test
    void aBlobDeletedWhileBeingSentIsStillSentWhole() throws Exception {
        byte[] content = randomBytes(1_000_000, 22);
        FileInfo stored = files.put(content, putHeader(content.length, 30L));
        InMemoryExchange exchange = FilesFixture.getExchange(stored.id()).afterFirstWrite(() -> {
            files.clock.advance(Duration.ofSeconds(30));
            try {
                assertEquals(1, files.plugin.deleter().runOnce());
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        files.handle("GET", exchange);
        byte[] written = exchange.written();
        byte[] head = GetStreamCommand.head(stored);
        assertArrayEquals(content, java.util.Arrays.copyOfRange(written, head.length, written.length));
        assertEquals(0, files.blobCount());
        assertEquals(0, files.rowCount());
    }

    @Test
    void reuploadRestoresALiveFileWhoseBlobWentMissing() throws Exception {
        byte[] content = randomBytes(3000, 23);
        FileInfo stored = files.put(content);
        files.store.delete(stored.id());
        FileInfo again = files.put(content);
        assertEquals(stored.uploaded(), again.uploaded());
        assertArrayEquals(content, files.get(stored.id()));
        assertEquals(0, files.temporaryCount());
    }
}

package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicfiles.endpoints.files.internal.FilesFixture.assertFails;
import static org.quicfiles.endpoints.files.internal.FilesFixture.putHeader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.protocol.Bt;
import org.quicfiles.testkit.MutableClock;
import org.quicfiles.testkit.RequestCalls;

/**
 * {@code file_info} answered from this server's recent copy of a row, on the event loop (note
 * 0193): only a live file whose row was read or written within {@code files.info-cache}, with the
 * row as this server last wrote it; everything else, unknown files included, is left to the
 * database path, so "not found" is never answered from memory.
 */
class FileInfoAtOnceTest {
    @TempDir
    Path root;

    private static byte[] info(String id) {
        return Bt.Dict.builder().put("#", id).build().encode();
    }

    private static Optional<Bt.Dict> atOnce(FilesFixture files, String id) throws Exception {
        RequestEndpoint endpoint = files.plugin.endpoints().requestEndpoints().get(FileInfoEndpoint.NAME);
        return RequestCalls.answerAtOnce(endpoint, info(id)).map(Bt::decodeDict);
    }

    private static Bt.Dict reply(FileInfo file) {
        return Bt.Dict.builder().put("#", file.id()).put("s", file.size()).put("u", file.uploaded())
                .put("x", file.expiry()).build();
    }

    @Test
    void anUploadIsAnsweredAtOnceUntilItsCopyIsStaleThenALookUpRefreshesIt() throws Exception {
        try (FilesFixture files = new FilesFixture(root, Map.of("info-cache", "1s"))) {
            FileInfo stored = files.put(FilesEndpointContract.randomBytes(500, 1), putHeader(500, 3600L));
            assertEquals(Optional.of(reply(stored)), atOnce(files, stored.id()), "the upload's own row");

            files.clock.advance(Duration.ofSeconds(1));
            assertEquals(Optional.empty(), atOnce(files, stored.id()), "a stale copy is not used");
            assertEquals(reply(stored), Bt.decodeDict(files.request("file_info", info(stored.id()))));
            assertEquals(Optional.of(reply(stored)), atOnce(files, stored.id()), "the look-up refreshed it");
        }
    }

    @Test
    void anExtendReplacesTheCopyAndAnExpiredCopyIsNeverAnswered() throws Exception {
        try (FilesFixture files = new FilesFixture(root, Map.of("delete-period", "1h", "info-cache", "1m"))) {
            FileInfo stored = files.put(FilesEndpointContract.randomBytes(500, 2), putHeader(500, 30L));
            files.request("file_extend", Bt.Dict.builder().put("#", stored.id()).put("t", 40).build().encode());
            long extended = files.clock.epochSecond() + 40;
            assertEquals(extended, atOnce(files, stored.id()).orElseThrow().integer("x").orElseThrow());

            files.clock.advance(Duration.ofSeconds(40)); // the copy is fresh, the file expired
            assertEquals(Optional.empty(), atOnce(files, stored.id()));
            assertFails(ErrorCode.NOT_FOUND, () -> files.request("file_info", info(stored.id())));
        }
    }

    @Test
    void unknownFilesAreLeftToTheDatabaseAndFilesDeletedAreForgotten() throws Exception {
        try (FilesFixture files = new FilesFixture(root, Map.of("delete-period", "1h", "info-cache", "1m"))) {
            assertEquals(Optional.empty(), atOnce(files, "B".repeat(44)), "never NOT_FOUND from memory");
            FileInfo stored = files.put(FilesEndpointContract.randomBytes(500, 3), putHeader(500, 30L));
            files.clock.advance(Duration.ofSeconds(30));
            assertEquals(1, files.plugin.deleter().runOnce());
            files.clock.set(MutableClock.DEFAULT_START); // as if the clock went back: the row is gone all the same
            assertEquals(Optional.empty(), atOnce(files, stored.id()), "the deleter forgot the copy");
        }
    }

    @Test
    void aRowChangedBehindTheServersBackIsSeenOnceTheCopyIsStale() throws Exception {
        try (FilesFixture files = new FilesFixture(root, Map.of("info-cache", "1s"))) {
            FileInfo stored = files.put(FilesEndpointContract.randomBytes(500, 4), putHeader(500, 3600L));
            // what `quicfiles files rm` does from another process: the row's expiry moved to now
            files.execute("UPDATE files SET expiry = " + files.clock.epochSecond() + " WHERE id = '" + stored.id() + "'");
            assertTrue(atOnce(files, stored.id()).isPresent(), "within the bound, the copy still answers");

            files.clock.advance(Duration.ofSeconds(1));
            assertEquals(Optional.empty(), atOnce(files, stored.id()));
            assertFails(ErrorCode.NOT_FOUND, () -> files.request("file_info", info(stored.id())));
            files.clock.set(MutableClock.DEFAULT_START.plusSeconds(1)); // even were the copy fresh again
            assertEquals(Optional.empty(), atOnce(files, stored.id()), "the look-up that missed forgot it");
        }
    }

    @Test
    void zeroTurnsItOff() throws Exception {
        try (FilesFixture files = new FilesFixture(root, Map.of("info-cache", "0s"))) {
            FileInfo stored = files.put(FilesEndpointContract.randomBytes(500, 5), putHeader(500, 3600L));
            assertEquals(reply(stored), Bt.decodeDict(files.request("file_info", info(stored.id()))));
            assertEquals(Optional.empty(), atOnce(files, stored.id()));
        }
    }

    @Test
    void aReadThatStartedBeforeAWriteCannotPutTheOlderRowBack() {
        MutableClock clock = new MutableClock(MutableClock.DEFAULT_START);
        RecentFiles recent = new RecentFiles(clock, Duration.ofSeconds(1));
        FileInfo read = new FileInfo("a".repeat(44), 5, 100, 200);
        FileInfo extended = new FileInfo(read.id(), 5, 100, 300);
        recent.stored(extended);
        recent.remember(read);
        assertEquals(Optional.of(extended), recent.fresh(read.id()));
        // a write is the row as stored: it replaces whatever copy is there
        recent.stored(read);
        assertEquals(Optional.of(read), recent.fresh(read.id()));
    }

    @Test
    void itHoldsAtMostItsCapacityAndMakesRoomFromStaleCopies() {
        MutableClock clock = new MutableClock(MutableClock.DEFAULT_START);
        RecentFiles recent = new RecentFiles(clock, Duration.ofSeconds(1), 2);
        recent.remember(file('a'));
        recent.remember(file('b'));
        recent.remember(file('c'));
        assertEquals(2, recent.size());
        assertFalse(recent.fresh(file('c').id()).isPresent(), "no room while both copies are fresh");

        clock.advance(Duration.ofSeconds(1));
        recent.remember(file('c'));
        assertEquals(1, recent.size(), "the stale copies made room");
        assertEquals(Optional.of(file('c')), recent.fresh(file('c').id()));
    }

    private static FileInfo file(char name) {
        return new FileInfo(String.valueOf(name).repeat(44), 1, 100, 200);
    }
}

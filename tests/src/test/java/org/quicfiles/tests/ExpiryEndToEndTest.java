package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.RequestFailedException;

/**
 * Expiry over the wire (issue 4) with the installation's server embedded in this JVM and a clock
 * the test moves: an expired file is 404 and {@code file_info} NOT_FOUND at once, and the deleter
 * removes its row and blob. The embedding API has no hook to run the deleter, so it runs every
 * 50 ms and the test waits (bounded) for the row and blob to go.
 */
class ExpiryEndToEndTest {
    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now = Instant.parse("2031-06-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anExpiredFileIs404AtOnceAndGoneFromDiskAfterTheDeleterRuns() throws Exception {
        ManualClock clock = new ManualClock();
        Path data = dir.resolve("data");
        DataFolder folder = new DataFolder(data);
        try (EmbeddedServer server = EmbeddedServer.start(data, Map.of("files.delete-period", "50ms"), clock);
             QuicFilesClient client = QuicFilesClient.connect(ClientOptions.pinned(server.address(),
                     ServerKey.of(server.publicKey()), Duration.ofSeconds(30)))) {
            byte[] doomed = "expires after a minute".getBytes(StandardCharsets.US_ASCII);
            byte[] kept = "lives for an hour".getBytes(StandardCharsets.US_ASCII);
            FileInfo short1 = Transfers.put(client, doomed, 60);
            FileInfo longer = Transfers.put(client, kept, 3600);
            assertEquals(clock.instant().getEpochSecond() + 60, short1.expiry());

            clock.advance(Duration.ofSeconds(59));
            assertArrayEquals(doomed, Transfers.get(client, short1.id()), "not yet expired");
            clock.advance(Duration.ofSeconds(1));

            QuicFilesClientException gone = assertThrows(QuicFilesClientException.class,
                    () -> Transfers.get(client, short1.id()));
            assertEquals(404, gone.wireCode());
            RequestFailedException info = assertThrows(RequestFailedException.class, () -> client.request("file_info",
                    ("{\"id\":\"" + short1.id() + "\"}").getBytes(StandardCharsets.US_ASCII)));
            assertTrue(info.bodyText().contains("NOT_FOUND"), info.bodyText());

            awaitCondition(() -> !folder.rows().containsKey(short1.id()) && !Files.exists(folder.blob(short1.id())),
                    "the deleter removes the expired row and blob");
            assertArrayEquals(kept, Transfers.get(client, longer.id()), "the other file stays");
            assertTrue(Files.exists(folder.blob(longer.id())));

            FileInfo again = Transfers.put(client, doomed, 60);
            assertEquals(short1.id(), again.id());
            assertEquals(clock.instant().getEpochSecond(), again.uploaded(), "a new upload after deletion");
        }
    }

    /** Waits at most a minute for {@code condition}, checking every 20 ms. */
    private static void awaitCondition(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "within a minute: " + what);
            Thread.sleep(20);
        }
    }
}

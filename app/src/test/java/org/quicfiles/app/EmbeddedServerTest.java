package org.quicfiles.app;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.RequestFailedException;

/**
 * The embedding API with everything real: the QUIC transport and NIO storage found by
 * {@link java.util.ServiceLoader}, the files plugin loaded from a plugins folder in its own layer,
 * SQLite, and a client over loopback; only the clock is the test's.
 */
class EmbeddedServerTest {
    @TempDir
    Path dir;

    /** A clock the test moves by hand. */
    static final class ManualClock extends Clock {
        private volatile Instant now;

        ManualClock(Instant start) {
            this.now = start;
        }

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

    private Path pluginsWithTheFilesPlugin() throws IOException {
        Path plugins = Files.createDirectories(dir.resolve("plugins"));
        Path filesPlugin;
        try (var jars = Files.list(Path.of(System.getProperty("quicfiles.test.plugins")))) {
            filesPlugin = jars.filter(jar -> jar.getFileName().toString().startsWith("quicfiles-endpoints-files-"))
                    .findFirst().orElseThrow();
        }
        Files.copy(filesPlugin, plugins.resolve(filesPlugin.getFileName()));
        return plugins;
    }

    @Test
    void moreParallelTransfersThanTheStreamLimitWaitForCreditInsteadOfFailing() throws Exception {
        try (QuicFilesServer server = QuicFilesServer.builder().data(dir.resolve("data"))
                .pluginsDirectory(pluginsWithTheFilesPlugin())
                .config(Map.of("transport.address", "127.0.0.1", "transport.port", "0", "transport.max-streams", "4"))
                .start();
             QuicFilesClient client = QuicFilesClient.connect(ClientOptions.pinned(server.address(),
                     ServerKey.of(server.publicKey()), Duration.ofSeconds(30)));
             var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            // stream 0 plus 3 file streams at a time; 24 transfers must queue for credit, not fail
            List<java.util.concurrent.Future<String>> uploads = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                byte[] content = ("file " + i + " ").repeat(1_000 + i).getBytes(StandardCharsets.US_ASCII);
                uploads.add(threads.submit(() -> client.put(Channels.newChannel(new ByteArrayInputStream(content)),
                        content.length, OptionalLong.empty()).id()));
            }
            List<java.util.concurrent.Future<byte[]>> downloads = new ArrayList<>();
            for (var upload : uploads) {
                String id = upload.get();
                downloads.add(threads.submit(() -> {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    client.get(id, Channels.newChannel(out));
                    return out.toByteArray();
                }));
            }
            for (int i = 0; i < 24; i++) {
                assertArrayEquals(("file " + i + " ").repeat(1_000 + i).getBytes(StandardCharsets.US_ASCII),
                        downloads.get(i).get());
            }
        }
    }

    @Test
    void uploadsDownloadsAndExpiresOnTheTestsClock() throws Exception {
        Path plugins = pluginsWithTheFilesPlugin();
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));

        try (QuicFilesServer server = QuicFilesServer.builder().data(dir.resolve("data")).pluginsDirectory(plugins)
                .config(Map.of("transport.address", "127.0.0.1", "transport.port", "0",
                        "files.delete-expired", "false"))
                .clock(clock).start();
             QuicFilesClient client = QuicFilesClient.connect(ClientOptions.pinned(server.address(),
                     ServerKey.of(server.publicKey()), Duration.ofSeconds(30)))) {
            byte[] content = "embedded ".repeat(20_000).getBytes(StandardCharsets.US_ASCII);

            FileInfo put = client.put(Channels.newChannel(new ByteArrayInputStream(content)), content.length,
                    OptionalLong.of(60));

            assertEquals(clock.instant().getEpochSecond(), put.uploaded());
            assertEquals(put.uploaded() + 60, put.expiry());
            ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
            List<String> events = new ArrayList<>();
            WritableByteChannel sink = Channels.newChannel(downloaded);
            client.get(put.id(), new WritableByteChannel() {
                @Override
                public int write(ByteBuffer bytes) throws IOException {
                    events.add("bytes");
                    return sink.write(bytes);
                }

                @Override
                public boolean isOpen() {
                    return true;
                }

                @Override
                public void close() {
                }
            }, head -> events.add("head " + head));
            assertArrayEquals(content, downloaded.toByteArray());
            assertEquals("head " + put, events.getFirst());
            assertEquals(1, events.stream().filter(event -> event.startsWith("head")).count());

            clock.advance(Duration.ofSeconds(61));

            QuicFilesClientException expired = assertThrows(QuicFilesClientException.class,
                    () -> client.get(put.id(), Channels.newChannel(new ByteArrayOutputStream())));
            assertEquals(ErrorCode.NOT_FOUND, expired.code());
            RequestFailedException info = assertThrows(RequestFailedException.class,
                    () -> client.request("file_info", ("d1:#44:" + put.id() + "e").getBytes(StandardCharsets.US_ASCII)));
            assertEquals("NOT_FOUND", info.bodyText());
        }
    }
}

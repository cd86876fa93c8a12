package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;

/**
 * The packaged server on the ngtcp2 transport: a plain start picks it where its libraries load,
 * it serves the project's own client (X.509 path) and says so in the ready line; a setting only
 * the Netty transport reads stops it with one line; without the native libraries the default
 * start falls back to the Netty transport and names why ngtcp2 was skipped, and forcing ngtcp2
 * then refuses to start with the reason.
 */
class Ngtcp2PackagedTest {
    /** Points the bindings at a folder without the libraries, as on a machine that lacks them. */
    private static final Map<String, String> NO_LIBRARIES =
            Map.of("QUICFILES_JAVA_OPTS", "-Dquicfiles.ngtcp2.library-dir=/nonexistent-quicfiles-test");

    @TempDir
    Path work;

    @Test
    void transportNgtcp2ServesTheProjectsClientAndSaysSoInTheReadyLine() throws Exception {
        try (PackagedServer server = PackagedServer.start(work, work.resolve("data"), "--transport", "ngtcp2");
             QuicFilesClient client = server.connect()) {
            assertEquals("quic/ngtcp2", server.transport());
            byte[] content = Transfers.content(new SplittableRandom(14), 1_500_000);
            FileInfo stored = Transfers.put(client, content, 3600);
            ByteArrayOutputStream back = new ByteArrayOutputStream();
            client.get(stored.id(), Channels.newChannel(back));
            assertArrayEquals(content, back.toByteArray());
        }
    }

    @Test
    void aPlainStartChoosesNgtcp2WhereItsLibrariesLoad() throws Exception {
        // a run that forces a transport on every server (netty-suite) has no plain start
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty(PackagedServer.TRANSPORT_PROPERTY, "").isEmpty());
        StringBuilder why = new StringBuilder();
        Optional<PackagedServer> started = PackagedServer.tryStart(work, work.resolve("data"), Map.of(), why, List.of());
        try (PackagedServer server = started.orElseThrow(() -> new AssertionError(why.toString()))) {
            assertEquals("quic/ngtcp2", server.transport());
            assertTrue(server.stderr().contains("transport ngtcp2 chosen among"), server.stderr());
        }
    }

    @Test
    void aSettingOnlyTheNettyTransportReadsStopsTheNgtcp2Server() throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<PackagedServer> started = PackagedServer.tryStart(work, work.resolve("data"), Map.of(), why,
                List.of("--transport", "ngtcp2", "--set", "transport.io=nio"));
        started.ifPresent(PackagedServer::close);
        assertTrue(started.isEmpty(), "started with a setting it ignores");
        assertTrue(why.toString().contains("transport.io (") && why.toString().contains(
                "the transport ngtcp2 does not read it; choose a transport that does with --transport"), why.toString());
    }

    @Test
    void theCommandLineClientPutsAndGetsThroughNgtcp2() throws Exception {
        try (PackagedServer server = PackagedServer.start(work, work.resolve("data"), "--transport", "ngtcp2")) {
            byte[] content = Transfers.content(new SplittableRandom(15), 250_000);
            Path upload = java.nio.file.Files.write(work.resolve("upload.bin"), content);
            Installation.Result put = Installation.run(work, PackagedServerTest.concat(new String[] {"put", upload.toString(), "--json"},
                    server.clientFlags()));
            assertEquals(0, put.code(), put.err());
            java.util.regex.Matcher id = java.util.regex.Pattern.compile("\\{\"id\":\"([A-Za-z0-9_-]{44})\"").matcher(put.out());
            assertTrue(id.find(), put.out());
            Path downloaded = work.resolve("downloaded.bin");
            Installation.Result get = Installation.run(work, PackagedServerTest.concat(new String[] {"get", id.group(1), "-o",
                    downloaded.toString()}, server.clientFlags()));
            assertEquals(0, get.code(), get.err());
            assertArrayEquals(content, java.nio.file.Files.readAllBytes(downloaded));
        }
    }

    @Test
    void withoutTheLibrariesTheDefaultStartUsesNettyAndNamesWhyNgtcp2WasSkipped() throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<PackagedServer> started = PackagedServer.tryStart(work, work.resolve("data"), NO_LIBRARIES, why, List.of());
        try (PackagedServer server = started.orElseThrow(() -> new AssertionError(why.toString()))) {
            assertTrue(server.transport().startsWith("quic/") && !server.transport().equals("quic/ngtcp2"),
                    server.transport());
            assertTrue(server.stderr().contains("ngtcp2 (priority 150, unusable: cannot load libngtcp2.so.9"),
                    server.stderr());
        }
    }

    @Test
    void forcingNgtcp2WithoutTheLibrariesRefusesToStartWithTheReason() throws Exception {
        StringBuilder why = new StringBuilder();
        Optional<PackagedServer> started = PackagedServer.tryStart(work, work.resolve("data"), NO_LIBRARIES, why,
                List.of("--transport", "ngtcp2"));
        started.ifPresent(PackagedServer::close);
        assertTrue(started.isEmpty(), "started without its libraries");
        assertTrue(why.toString().contains("transport provider 'ngtcp2' is not usable on this machine: cannot load"),
                why.toString());
    }
}

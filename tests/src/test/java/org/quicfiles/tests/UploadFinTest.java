package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;

/**
 * The client's end of an upload leaves with its last bytes, never in a STREAM frame of its own.
 * Under load on loopback the server drops some datagrams, and a lost frame that carried only FIN
 * was not sent again by the client's QUIC stack: the server had every byte of the body and waited
 * for the end until its min-rate watchdog reset the upload after 30 s (load/README, "a lost upload
 * FIN"). Loss cannot be ordered here, so the test reads what the server received, from the ngtcp2
 * server's qlog, and fails on any client STREAM frame of length 0 with FIN: before the fix every
 * upload ended with one.
 */
class UploadFinTest {
    /** A frame received by the server, from the client: {@code "length":0,"fin":true}. */
    private static final Pattern FIN_ALONE = Pattern.compile(
            "\\{\"frame_type\":\"stream\",\"stream_id\":(\\d+),\"offset\":(\\d+),\"length\":0,\"fin\":true}");
    private static final Pattern STREAM_FRAME = Pattern.compile("\\{\"frame_type\":\"stream\",\"stream_id\":\\d+[^}]*}");

    @TempDir
    Path work;

    @Test
    void anUploadsFinRidesOnItsLastBytes() throws Exception {
        Path qlogs = work.resolve("qlog");
        Files.createDirectories(qlogs);
        SplittableRandom random = new SplittableRandom(21);
        List<byte[]> contents = new ArrayList<>();
        for (int size : new int[] {1, 70_000, 300_000}) {
            contents.add(Transfers.content(random, size));
        }
        byte[] echoed;
        try (PackagedServer server = PackagedServer.start(work, work.resolve("data"), "--transport", "ngtcp2",
                "-D", "transport.qlog-dir=" + qlogs);
             QuicFilesClient client = server.connect()) {
            assertEquals("quic/ngtcp2", server.transport());
            for (byte[] content : contents) {
                FileInfo stored = Transfers.put(client, content, 3600);
                assertArrayEquals(content, Transfers.get(client, stored.id()));
            }
            // a stream call with a body of unknown length: the generic path holds its last piece back
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            client.stream(Map.of("!", "PUT", "s", contents.get(1).length),
                    Channels.newChannel(new ByteArrayInputStream(contents.get(1))), Channels.newChannel(answer));
            echoed = answer.toByteArray();
        }
        assertTrue(echoed.length > 0, "the generic stream call was answered");
        String received = receivedFrames(qlogs);
        assertTrue(STREAM_FRAME.matcher(received).find(), "the qlog holds the client's STREAM frames");
        Matcher alone = FIN_ALONE.matcher(received);
        assertFalse(alone.find(), () -> "a client STREAM frame carried FIN alone: " + alone.group());
    }

    /** The frames of every packet the server received, from the qlogs written when it stopped. */
    private static String receivedFrames(Path qlogs) throws IOException {
        StringBuilder frames = new StringBuilder();
        try (Stream<Path> files = Files.list(qlogs)) {
            for (Path file : files.toList()) {
                for (String line : Files.readAllLines(file)) {
                    if (line.contains("\"name\":\"transport:packet_received\"")) {
                        frames.append(line).append('\n');
                    }
                }
            }
        }
        return frames.toString();
    }
}

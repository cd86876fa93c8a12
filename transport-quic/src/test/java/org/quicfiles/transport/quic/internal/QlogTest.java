package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.client.QuicFilesClient;

/** {@code transport.qlog-dir}: each connection leaves a qlog trace of its packets there; unset, nothing is written. */
class QlogTest {
    @TempDir
    Path work;

    @Test
    void aConnectionLeavesATraceOfItsPackets() throws Exception {
        Path traces = work.resolve("qlog");
        try (TestServer server = new TestServer(Map.of("qlog-dir", traces.toString()));
             QuicFilesClient client = server.connect()) {
            assertArrayEquals(TestServer.echoBody(42), client.request("echo", TestServer.echoBody(42)));
        }
        List<Path> files;
        try (Stream<Path> listed = Files.list(traces)) {
            files = listed.toList();
        }
        assertEquals(1, files.size(), () -> "one trace per connection: " + files);
        assertTrue(files.get(0).getFileName().toString().endsWith(".qlog"), files.get(0).toString());
        String trace = Files.readString(files.get(0), StandardCharsets.UTF_8);
        assertTrue(trace.contains("packet_sent") && trace.contains("packet_received"), trace.length() + " chars, no packets");
    }

    @Test
    void withoutTheSettingNothingIsWritten() throws Exception {
        Path before = Path.of("").toAbsolutePath();
        try (TestServer server = new TestServer(Map.of());
             QuicFilesClient client = server.connect()) {
            assertArrayEquals(TestServer.echoBody(7), client.request("echo", TestServer.echoBody(7)));
        }
        try (Stream<Path> listed = Files.list(before)) {
            assertTrue(listed.noneMatch(path -> path.toString().endsWith(".qlog")));
        }
    }
}

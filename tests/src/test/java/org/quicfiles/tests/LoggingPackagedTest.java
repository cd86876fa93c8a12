package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.RequestFailedException;

/**
 * The packaged server's log (decision note 0412): JSON lines in a file with one access line per
 * operation, the ready line alone on stdout, and {@code --log-level} per logger.
 */
class LoggingPackagedTest {
    /** A well-formed id nobody uploaded. */
    private static final String MISSING = "A".repeat(44);

    @TempDir
    Path work;

    @Test
    void jsonLogFileHasOneAccessLinePerOperationAndStderrStaysEmpty() throws Exception {
        Path logFile = work.resolve("logs/quicfiles.log");
        byte[] content = Transfers.content(new SplittableRandom(17), 70_000);
        String id;
        try (PackagedServer server = PackagedServer.start(work, work.resolve("data"),
                "--log-format", "json", "--log-file", logFile.toString())) {
            try (QuicFilesClient client = server.connect()) {
                FileInfo put = Transfers.put(client, content, 3600);
                id = put.id();
                assertEquals(content.length, Transfers.get(client, id).length);
                QuicFilesClientException missing = assertThrows(QuicFilesClientException.class,
                        () -> Transfers.get(client, MISSING));
                assertEquals(404, missing.wireCode());
                assertThrows(RequestFailedException.class, () -> client.request("file_info",
                        ("{\"id\":\"" + MISSING + "\"}").getBytes(StandardCharsets.UTF_8)));
            }
            List<Map<String, String>> access = awaitAccessLines(logFile, 4);

            Map<String, String> upload = access.get(0);
            assertEquals("PUT", upload.get("cmd"));
            assertEquals(id, upload.get("id"));
            assertEquals(Integer.toString(content.length), upload.get("in"));
            assertTrue(Long.parseLong(upload.get("out")) > 0, upload.toString());
            assertEquals("ok", upload.get("result"));

            Map<String, String> download = access.get(1);
            assertEquals("GET", download.get("cmd"));
            assertEquals(id, download.get("id"));
            assertEquals("0", download.get("in"));
            assertTrue(Long.parseLong(download.get("out")) > content.length, "head and body: " + download);
            assertEquals("ok", download.get("result"));

            Map<String, String> refused = access.get(2);
            assertEquals("GET", refused.get("cmd"));
            assertEquals(MISSING, refused.get("id"));
            assertEquals("0", refused.get("out"));
            assertEquals("404", refused.get("result"));

            Map<String, String> request = access.get(3);
            assertEquals("0", request.get("stream"));
            assertEquals("file_info", request.get("cmd"));
            assertEquals(MISSING, request.get("id"));
            assertEquals("404", request.get("result"));

            for (Map<String, String> line : access) {
                assertTrue(line.get("client").matches("127\\.0\\.0\\.1:\\d+"), line.toString());
                assertTrue(!line.get("conn").equals("-"), line.toString());
                assertTrue(Double.parseDouble(line.get("ms")) >= 0, line.toString());
            }
            assertEquals(access.get(0).get("conn"), access.get(3).get("conn"), "one connection");

            int code = server.terminate();
            assertTrue(code == 0 || code == 143, "exit code " + code);
            assertTrue(server.stderr().isBlank(), "every line goes to the log file:\n" + server.stderr());
        }
        List<JsonNode> all = jsonLines(logFile);
        assertTrue(all.stream().anyMatch(line -> line.path("formattedMessage").asText().startsWith("transport ")
                && line.path("formattedMessage").asText().contains(" chosen among ")), "start-up lines are logged");
        assertTrue(all.stream().allMatch(line -> line.has("timestamp") && line.has("level") && line.has("loggerName")),
                "every line is a log object");
        assertTrue(all.stream().noneMatch(line -> line.toString().contains(new String(content, 0, 16,
                StandardCharsets.ISO_8859_1))), "no contents");
    }

    @Test
    void logLevelsApplyPerLogger() throws Exception {
        // on the Netty transport: an ngtcp2 server no longer loads Netty at all (not even to probe it, note 0415)
        try (PackagedServer server = PackagedServer.start(work, work.resolve("data"), "--transport", "quic",
                "--log-level", "debug", "--log-level", "quicfiles.access=off")) {
            try (QuicFilesClient client = server.connect()) {
                Transfers.put(client, "silent".getBytes(StandardCharsets.US_ASCII), 3600);
                assertThrows(QuicFilesClientException.class, () -> Transfers.get(client, MISSING));
            }
            int code = server.terminate();
            assertTrue(code == 0 || code == 143, "exit code " + code);
            String stderr = server.stderr();
            // Netty logs through SLF4J too: its debug lines show the root level took effect
            assertTrue(stderr.lines().anyMatch(line -> line.matches("\\S+ DEBUG io\\.netty\\.\\S+: .*")), stderr);
            assertTrue(stderr.lines().anyMatch(line -> line.matches("\\S+ INFO org\\.quicfiles\\.\\S+: .*")), stderr);
            assertTrue(!stderr.contains("quicfiles.access"), "the access log is off:\n" + stderr);
        }
    }

    /** The access lines of the log file, each as its fields, once there are {@code count} of them. */
    private static List<Map<String, String>> awaitAccessLines(Path logFile, int count) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            List<Map<String, String>> access = new ArrayList<>();
            for (JsonNode line : jsonLines(logFile)) {
                if (line.path("loggerName").asText().equals("quicfiles.access")) {
                    access.add(fields(line.path("formattedMessage").asText()));
                }
            }
            // a command's line is written just after its reply, so it may trail the client by a moment
            if (access.size() >= count || System.nanoTime() > deadline) {
                assertEquals(count, access.size(), access.toString());
                return access;
            }
            Thread.sleep(10);
        }
    }

    private static List<JsonNode> jsonLines(Path file) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isEmpty()) {
                lines.add(mapper.readTree(line)); // one complete object per line, or this throws
            }
        }
        return lines;
    }

    private static Map<String, String> fields(String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : message.split(" ")) {
            int equals = pair.indexOf('=');
            fields.put(pair.substring(0, equals), pair.substring(equals + 1));
        }
        return fields;
    }
}

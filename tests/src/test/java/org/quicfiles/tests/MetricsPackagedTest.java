package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.FileInfo;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.RequestFailedException;

/**
 * The packaged server's admin listener (decision note 0414): {@code /health/ready} is 503 while a
 * plugin is still starting (a test plugin that waits on a FIFO the test opens, so no timing is
 * guessed) and 200 once the transport is up; {@code /metrics} moves by exactly what a client did,
 * including a handshake a client gave up (a wrong pinned key).
 */
class MetricsPackagedTest {
    private static final String MISSING = "A".repeat(44);
    private static final Pattern ADMIN_LINE = Pattern.compile("admin listener on http://127\\.0\\.0\\.1:(\\d+) ");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path work;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void readyOnlyOnceUpAndTheCountersMoveByExactlyWhatWasDone() throws Exception {
        Path plugins = pluginsWithGate();
        Path fifo = work.resolve("gate.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertEquals(0, mkfifo.waitFor());
        Files.createDirectory(work.resolve("data"), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--data", work.resolve("data").toString(),
                "--plugins", plugins.toString(), "--admin", "127.0.0.1:0", "-D", "gate.fifo=" + fifo,
                // the Netty transport learns of a handshake the client gave up only when it idles out
                "--idle-timeout", "10s"));
        String transport = System.getProperty(PackagedServer.TRANSPORT_PROPERTY, "");
        if (!transport.isEmpty()) {
            args.addAll(List.of("--transport", transport));
        }
        try (ServerProcess server = ServerProcess.serve(work, args.toArray(String[]::new))) {
            int adminPort = Integer.parseInt(await("the admin listener's line", () -> {
                Matcher line = ADMIN_LINE.matcher(server.stderr());
                return line.find() ? Optional.of(line.group(1)) : Optional.empty();
            }, server));
            URI admin = URI.create("http://127.0.0.1:" + adminPort);

            // the gate plugin's create() is blocked on the FIFO: the transport cannot be up yet
            HttpResponse<String> starting = get(admin, "/health/ready");
            assertEquals(503, starting.statusCode(), starting.body());
            assertTrue(starting.body().contains("transport is not up"), starting.body());
            assertEquals(200, get(admin, "/health/live").statusCode());
            assertEquals(404, get(admin, "/nothing").statusCode());

            Files.writeString(fifo, "open\n"); // blocks until the plugin opened its end, then lets it go
            Matcher ready = server.awaitReady().orElseThrow(() -> new AssertionError(server.stderr()));
            HttpResponse<String> up = get(admin, "/health/ready");
            assertEquals(200, up.statusCode(), up.body());

            Map<String, Double> before = scrape(admin);
            assertEquals(1.0, before.get("quicfiles_gate_opened_total"), "a plugin's own meter, through the api");
            assertTrue(before.containsKey("jvm_buffer_memory_used_bytes{id=\"direct\"}"), "direct memory");
            assertTrue(before.keySet().stream().anyMatch(key -> key.startsWith("jvm_memory_used_bytes{")), "heap");
            assertTrue(before.containsKey("quicfiles_files_deleter_runs_total"), before.keySet().toString());

            byte[] content = Transfers.content(new SplittableRandom(414), 123_457);
            String id;
            try (QuicFilesClient client = QuicFilesClient.connect(ClientOptions.pinned(
                    new InetSocketAddress("127.0.0.1", Integer.parseInt(ready.group(2))),
                    ServerKey.fromHex(ready.group(5)), WAIT))) {
                FileInfo put = Transfers.put(client, content, 3600);
                id = put.id();
                assertEquals(content.length, Transfers.get(client, id).length);
                QuicFilesClientException refused = assertThrows(QuicFilesClientException.class,
                        () -> Transfers.get(client, MISSING));
                assertEquals(404, refused.wireCode());
                assertThrows(RequestFailedException.class, () -> client.request("file_info",
                        ("{\"id\":\"" + MISSING + "\"}").getBytes(StandardCharsets.UTF_8)));
                Map<String, Double> during = scrape(admin);
                assertEquals(1.0, delta(before, during, "quicfiles_connections_open"), "one connection open");
            }
            // the server sees the close a moment after the client: wait until every stream and the connection are gone
            // the stored-file gauges are one query kept for a second, read one gauge at a time: the kept
            // answer can turn over between the two lines of one scrape, so wait until both show the upload
            Map<String, Double> after = awaitScrape(admin, metrics -> metrics.get("quicfiles_connections_open") == 0
                    && metrics.get("quicfiles_streams_open") == 0
                    && count(metrics, "file_info", "404") == 1.0
                    && delta(before, metrics, "quicfiles_files_count") != 0.0
                    && delta(before, metrics, "quicfiles_files_bytes") != 0.0, server);

            assertEquals(1.0, delta(before, after, "quicfiles_connections_opened_total"));
            assertEquals(4.0, delta(before, after, "quicfiles_streams_opened_total"), "PUT, GET, GET and stream 0");
            assertEquals(1.0, count(after, "PUT", "ok") - count(before, "PUT", "ok"));
            assertEquals(1.0, count(after, "GET", "ok") - count(before, "GET", "ok"));
            assertEquals(1.0, count(after, "GET", "404") - count(before, "GET", "404"));
            assertEquals(1.0, count(after, "file_info", "404") - count(before, "file_info", "404"));
            assertEquals(4.0, sum(after, "quicfiles_commands_seconds_count{") - sum(before, "quicfiles_commands_seconds_count{"),
                    "no other operation was counted");
            assertEquals(content.length, delta(before, after, "quicfiles_bytes_in_total{command=\"PUT\"}"), 0.0);
            double sent = delta(before, after, "quicfiles_bytes_out_total{command=\"GET\"}");
            assertTrue(sent > content.length && sent < content.length + 1024, "the GET's head and body: " + sent);
            assertTrue(after.get("quicfiles_commands_seconds_bucket{command=\"PUT\",result=\"ok\",le=\"+Inf\"}") >= 1.0,
                    "a latency histogram");
            assertEquals(1.0, delta(before, after, "quicfiles_files_count"));
            assertEquals(content.length, delta(before, after, "quicfiles_files_bytes"), 0.0);
            assertEquals(0.0, sum(after, "quicfiles_transport_errors_total{") - sum(before, "quicfiles_transport_errors_total{"),
                    "no transport error");

            // a client that pins another key gives up during the handshake: one transport error, no connection
            byte[] otherKey = new byte[32];
            assertThrows(IOException.class, () -> QuicFilesClient.connect(ClientOptions.pinned(
                    new InetSocketAddress("127.0.0.1", Integer.parseInt(ready.group(2))), ServerKey.of(otherKey), WAIT))
                    .close());
            Map<String, Double> refused = awaitScrape(admin,
                    metrics -> delta(after, metrics, "quicfiles_transport_errors_total{kind=\"handshake\"}") >= 1, server);
            assertEquals(1.0, delta(after, refused, "quicfiles_transport_errors_total{kind=\"handshake\"}"));
            assertEquals(1.0, sum(refused, "quicfiles_transport_errors_total{") - sum(after, "quicfiles_transport_errors_total{"));
            assertEquals(0.0, delta(after, refused, "quicfiles_connections_opened_total"), "never opened");

            server.terminate();
        }
    }

    private Path pluginsWithGate() throws IOException {
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        try (Stream<Path> builtIn = Files.list(Installation.home().resolve("plugins"))) {
            for (Path jar : builtIn.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        PluginJars.build(plugins.resolve("gate.jar"), "test.gate", Map.of(
                "test.gate/module-info.java", """
                module test.gate {
                    requires org.quicfiles.api;
                    provides org.quicfiles.api.spi.EndpointProvider with test.gate.Gate;
                }""",
                "test.gate/test/gate/Gate.java", """
                package test.gate;
                /** Starts only once a line can be read from the FIFO gate.fifo: a plugin with a long start. */
                public final class Gate implements org.quicfiles.api.spi.EndpointProvider {
                    public String name() { return "gate"; }
                    public int apiVersion() { return org.quicfiles.api.ApiVersion.CURRENT; }
                    public java.util.Set<String> configKeys() { return java.util.Set.of("fifo"); }
                    public java.util.Set<String> streamCommands() { return java.util.Set.of(); }
                    public java.util.Set<String> requestEndpoints() { return java.util.Set.of(); }
                    public org.quicfiles.api.endpoint.Endpoints create(org.quicfiles.api.spi.ServerContext c)
                            throws java.io.IOException {
                        java.nio.file.Path fifo = java.nio.file.Path.of(c.config().get("fifo").orElseThrow());
                        try (var in = java.nio.file.Files.newBufferedReader(fifo)) {
                            in.readLine();
                        }
                        c.meters().counter("opened", "times the gate opened").increment();
                        return new org.quicfiles.api.endpoint.Endpoints(java.util.Map.of(), java.util.Map.of());
                    }
                }"""), Installation.jar(Installation.home().resolve("lib"), "quicfiles-api-"), work.resolve("gate"));
        return plugins;
    }

    private HttpResponse<String> get(URI admin, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(admin.resolve(path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** {@code /metrics} as series (name and labels as written) to value. */
    private Map<String, Double> scrape(URI admin) throws IOException, InterruptedException {
        HttpResponse<String> response = get(admin, "/metrics");
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : response.body().lines().toList()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return series;
    }

    private Map<String, Double> awaitScrape(URI admin, Predicate<Map<String, Double>> done, ServerProcess server)
            throws Exception {
        java.util.concurrent.atomic.AtomicReference<Map<String, Double>> last = new java.util.concurrent.atomic.AtomicReference<>();
        try {
            return await("metrics to settle", () -> {
                last.set(scrape(admin));
                return done.test(last.get()) ? Optional.of(last.get()) : Optional.empty();
            }, server);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nlast scrape: " + last.get(), e);
        }
    }

    private static double count(Map<String, Double> metrics, String command, String result) {
        return metrics.getOrDefault("quicfiles_commands_seconds_count{command=\"" + command + "\",result=\"" + result
                + "\"}", 0.0);
    }

    private static double sum(Map<String, Double> metrics, String prefix) {
        return metrics.entrySet().stream().filter(entry -> entry.getKey().startsWith(prefix))
                .mapToDouble(Map.Entry::getValue).sum();
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String series) {
        assertTrue(after.containsKey(series), series + " missing from " + after.keySet());
        return after.get(series) - before.getOrDefault(series, 0.0);
    }

    private interface Probe<T> {
        Optional<T> get() throws Exception;
    }

    /** Polls {@code probe} until it answers, for at most {@link #WAIT}. */
    private static <T> T await(String what, Probe<T> probe, ServerProcess server) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Optional<T> value = probe.get();
            if (value.isPresent()) {
                return value.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + WAIT + "; stderr:\n" + server.stderr());
            }
            Thread.sleep(20);
        }
    }
}

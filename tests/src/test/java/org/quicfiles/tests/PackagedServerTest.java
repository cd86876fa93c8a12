package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.RequestFailedException;

/**
 * Runs the packaged installation ({@code dist/target/quicfiles/bin/quicfiles}) as a separate process,
 * with a plugins folder holding the built-in endpoint jars, the example plugin and broken jars.
 */
class PackagedServerTest {
    @TempDir
    Path work;

    Path plugins;

    @BeforeEach
    void pluginsFolder() throws IOException {
        plugins = Files.createDirectories(work.resolve("plugins"));
        try (Stream<Path> builtIn = Files.list(Installation.home().resolve("plugins"))) {
            for (Path jar : builtIn.toList()) {
                Files.copy(jar, plugins.resolve(jar.getFileName()));
            }
        }
        Files.copy(Path.of(System.getProperty("quicfiles.example.plugin")), plugins.resolve("hello-example.jar"));
        BrokenPlugins.badDescriptor(plugins.resolve("bad-descriptor.jar"));
        BrokenPlugins.missingDependency(plugins.resolve("missing-dependency.jar"),
                Installation.jar(Installation.home().resolve("lib"), "quicfiles-api-"), work.resolve("needy"));
    }

    private List<String> pluginLines() throws Exception {
        Installation.Result result = Installation.run(work, "plugins", "--plugins", plugins.toString());
        assertEquals(0, result.code(), result.err());
        return result.outLines().stream().filter(line -> !line.startsWith("plugins folder ")).toList();
    }

    @Test
    void pluginsListsTheBuiltInsTheExampleAndWhyBrokenJarsAreSkipped() throws Exception {
        List<String> lines = pluginLines();

        assertTrue(lines.stream().anyMatch(line -> line.matches(
                "plugin files \\S+ from quicfiles-endpoints-files-\\S+\\.jar: commands GET, PUT; endpoints file_extend, file_info; tools files")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.matches("plugin session .*: commands \\(none\\); endpoints session_version")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.matches("plugin token .*: commands \\(none\\); endpoints token_info; tools token")),
                String.join("\n", lines));
        assertTrue(lines.contains("plugin hello 0.1.0-SNAPSHOT from hello-example.jar: commands UPPER; endpoints hello")
                || lines.contains("plugin hello unversioned from hello-example.jar: commands UPPER; endpoints hello"),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("skipped plugin bad-descriptor.jar: ")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("skipped plugin missing-dependency.jar: ")
                && line.contains("no.such.module")), String.join("\n", lines));
        assertEquals(6, lines.size(), String.join("\n", lines));
    }

    @ParameterizedTest
    @CsvSource({"token, token_info", "session, session_version"})
    void removingAPluginJarRemovesItsEndpointAndNothingElse(String plugin, String endpoint) throws Exception {
        List<String> before = pluginLines();
        Files.delete(Installation.jar(plugins, "quicfiles-endpoints-" + plugin + "-"));

        List<String> after = pluginLines();

        List<String> removed = before.stream().filter(line -> !after.contains(line)).toList();
        assertEquals(1, removed.size(), removed.toString());
        assertTrue(removed.get(0).startsWith("plugin " + plugin + " ") && removed.get(0).contains("endpoints " + endpoint),
                removed.get(0));
        assertEquals(before.size() - 1, after.size());
    }

    @Test
    void aBadFlagIsOneLineOnStderr() throws Exception {
        Installation.Result result = Installation.run(work, "serve", "--max-streams");

        assertEquals(2, result.code());
        assertEquals(List.of("quicfiles: Missing required parameter for option '--max-streams' (N) (see 'quicfiles serve --help')"),
                result.err().lines().toList());
    }

    @Test
    void configurationMistakesAndBrokenPluginsStopTheServerWithOneLine() throws Exception {
        String data = work.resolve("data").toString();
        Installation.Result broken = Installation.run(work, "serve", "--listen", "127.0.0.1:0", "--data", data,
                "--plugins", plugins.toString(), "-D", "session.enabled=false");
        Files.delete(plugins.resolve("bad-descriptor.jar"));
        Files.delete(plugins.resolve("missing-dependency.jar"));
        Installation.Result shortTtl = Installation.run(work, "serve", "--listen", "127.0.0.1:0", "--data", data,
                "--plugins", plugins.toString(), "-D", "session.enabled=false", "--max-ttl", "10s");
        Installation.Result misspelt = Installation.run(work, "serve", "--listen", "127.0.0.1:0", "--data", data,
                "--plugins", plugins.toString(), "-D", "session.enabled=false", "--set", "files.max-sise=1");

        assertEquals(List.of(1, 1, 1), List.of(broken.code(), shortTtl.code(), misspelt.code()));
        assertEquals(1, broken.err().lines().filter(line -> line.startsWith("quicfiles: ")).count(), broken.err());
        assertTrue(broken.err().contains("quicfiles: refusing to start with broken plugin bad-descriptor.jar: "),
                broken.err());
        assertTrue(shortTtl.err().lines().anyMatch(line -> line.matches("quicfiles: plugin 'files' \\(\\S+\\.jar\\) cannot"
                + " start: files\\.max-ttl \\(--max-ttl\\): must be at least 30s, is 10s")), shortTtl.err());
        assertTrue(misspelt.err().contains("quicfiles: unknown configuration key files.max-sise (-D/--set);"
                + " did you mean files.max-size?"), misspelt.err());
        assertTrue(shortTtl.out().isEmpty() && misspelt.out().isEmpty(), "no ready line");
    }

    @Test
    void aPluginBuiltForApiOneIsRefusedInOneLineNamingBothVersions() throws Exception {
        Files.delete(plugins.resolve("bad-descriptor.jar"));
        Files.delete(plugins.resolve("missing-dependency.jar"));
        BrokenPlugins.apiOne(plugins.resolve("old-greeter.jar"),
                Installation.jar(Installation.home().resolve("lib"), "quicfiles-api-"), work.resolve("old"));
        String expected = "plugin 'oldgreeter' was built for api version 1, this server has api version 2;"
                + " rebuild it against api 2";

        Installation.Result serve = Installation.run(work, "serve", "--listen", "127.0.0.1:0", "--data",
                work.resolve("data").toString(), "--plugins", plugins.toString(), "-D", "session.enabled=false");
        List<String> listed = pluginLines();

        assertEquals(1, serve.code(), serve.err());
        List<String> said = serve.err().lines().filter(line -> line.startsWith("quicfiles: ")).toList();
        assertEquals(1, said.size(), serve.err());
        assertEquals("quicfiles: refusing to start with broken plugin old-greeter.jar: " + expected
                + " (remove it, or start with --skip-broken-plugins)", said.get(0));
        assertTrue(serve.out().isEmpty(), "no ready line: " + serve.out());
        assertTrue(listed.contains("skipped plugin old-greeter.jar: " + expected), String.join("\n", listed));
    }

    @Test
    void servesThePluginsOverQuicAndStopsCleanlyOnSigterm() throws Exception {
        Files.delete(Installation.jar(plugins, "quicfiles-endpoints-token-"));
        Files.delete(Installation.jar(plugins, "quicfiles-endpoints-session-"));
        try (ServerProcess server = ServerProcess.serve(work, "--listen", "127.0.0.1:0", "--data",
                work.resolve("data").toString(), "--plugins", plugins.toString(), "-D", "hello.greeting=Howdy",
                "--skip-broken-plugins")) {
            Matcher line = server.awaitReady().orElseThrow(() -> new AssertionError(
                    "the server ended before it was ready:\n" + server.stderr()));
            assertEquals("127.0.0.1", line.group(1));
            int port = Integer.parseInt(line.group(2));
            assertTrue(port > 0, "the real port, not 0");
            assertTrue(line.group(3).startsWith("quic"), line.group(0));
            String key = line.group(5);
            assertTrue(server.stderr().contains("skipped plugin bad-descriptor.jar"), server.stderr());
            assertTrue(Files.exists(work.resolve("data/key")) && Files.exists(work.resolve("data/quicfiles.db")));

            ClientOptions options = ClientOptions.pinned(new InetSocketAddress("127.0.0.1", port),
                    ServerKey.fromHex(key), Duration.ofSeconds(30));
            try (QuicFilesClient client = QuicFilesClient.connect(options)) {
                byte[] greeting = client.request("hello", "d4:name5:Alicee".getBytes(StandardCharsets.US_ASCII));
                assertEquals("d8:greeting13:Howdy, Alice!e", new String(greeting, StandardCharsets.US_ASCII));

                byte[] body = "streams, chunk by chunk. ".repeat(20_000).getBytes(StandardCharsets.US_ASCII);
                ByteArrayOutputStream upper = new ByteArrayOutputStream();
                client.stream(Map.of("!", "UPPER"),
                        Channels.newChannel(new ByteArrayInputStream(body)), Channels.newChannel(upper));
                assertEquals(new String(body, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT),
                        upper.toString(StandardCharsets.US_ASCII));

                for (String removedEndpoint : List.of("token_info", "session_version")) {
                    RequestFailedException removed = assertThrows(RequestFailedException.class,
                            () -> client.request(removedEndpoint, "de".getBytes(StandardCharsets.US_ASCII)));
                    assertEquals("Invalid endpoint '" + removedEndpoint + "'", removed.bodyText());
                }
            }

            int code = server.terminate();

            assertTrue(code == 0 || code == 143, "exit code " + code);
            assertTrue(!server.stderr().contains("\tat "), "no stack trace:\n" + server.stderr());
        }
    }

    @Test
    void theClientCommandsPutGetInfoAndExtendAFile() throws Exception {
        try (ServerProcess server = ServerProcess.serve(work, "--listen", "127.0.0.1:0", "--data",
                work.resolve("data").toString(), "--plugins", plugins.toString(), "--skip-broken-plugins")) {
            Matcher line = server.awaitReady().orElseThrow(() -> new AssertionError(server.stderr()));
            String[] target = {"--server", "127.0.0.1:" + line.group(2), "--server-key", line.group(5)};
            byte[] content = new byte[300_000];
            new java.util.Random(42).nextBytes(content);
            Path file = Files.write(work.resolve("upload.bin"), content);

            Installation.Result put = Installation.run(work, concat(new String[] {"put", file.toString(), "--ttl", "1h",
                    "--json"}, target));
            assertEquals(0, put.code(), put.err());
            Matcher fields = Pattern.compile("\\{\"id\":\"([A-Za-z0-9_-]{44})\",\"size\":300000,\"uploaded\":(\\d+),"
                    + "\"expires\":(\\d+)}").matcher(put.out().strip());
            assertTrue(fields.matches(), put.out());
            String id = fields.group(1);
            assertEquals(3600, Long.parseLong(fields.group(3)) - Long.parseLong(fields.group(2)));

            Installation.Result info = Installation.run(work, concat(new String[] {"info", id}, target));
            assertEquals(0, info.code(), info.err());
            assertTrue(info.out().contains("size     300000"), info.out());

            Installation.Result extend = Installation.run(work, concat(new String[] {"extend", id, "--ttl", "2h",
                    "--json"}, target));
            assertEquals(0, extend.code(), extend.err());
            Matcher extended = Pattern.compile(".*\"expires\":(\\d+).*").matcher(extend.out().strip());
            assertTrue(extended.matches(), extend.out());
            assertTrue(Long.parseLong(extended.group(1)) >= Long.parseLong(fields.group(2)) + 7200, extend.out());

            Path downloaded = work.resolve("downloaded.bin");
            Installation.Result get = Installation.run(work, concat(new String[] {"get", id, "-o", downloaded.toString()},
                    target));
            assertEquals(0, get.code(), get.err());
            assertArrayEquals(content, Files.readAllBytes(downloaded));

            Installation.Result missing = Installation.run(work, concat(new String[] {"get", "A".repeat(44), "-o",
                    work.resolve("missing.bin").toString()}, target));
            assertEquals(1, missing.code());
            assertEquals(List.of("quicfiles: get " + "A".repeat(44) + ": the server answered NOT_FOUND (404)"),
                    missing.err().lines().toList());
            try (Stream<Path> left = Files.list(work)) {
                assertTrue(left.noneMatch(path -> path.getFileName().toString().contains("missing")),
                        "a failed download leaves nothing behind");
            }
            server.terminate();
        }
    }

    @Test
    void theTokenImportToolFeedsTokenInfoAndARefusedFileChangesNothing() throws Exception {
        Path data = Files.createDirectories(work.resolve("data"), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        long updated = java.time.Instant.now().getEpochSecond() - 3600;
        Path good = Files.writeString(work.resolve("stats.json"), """
                {"maximum_supply": 240000000, "sent_per_node": 25000, "staking_reward_pool": 40000000,
                 "history": [{"updated": %d, "current_value": "0.0581", "circulating_supply": 62500000,
                              "total_nodes": 1712}]}
                """.formatted(updated));
        Path bad = Files.writeString(work.resolve("bad.json"), "{\"maximum_supply\": 1}");

        Installation.Result imported = Installation.run(work, "token", "import", good.toString(), "--data", data.toString(),
                "--plugins", plugins.toString());
        Installation.Result refused = Installation.run(work, "token", "import", bad.toString(), "--data", data.toString(),
                "--plugins", plugins.toString());

        assertEquals(0, imported.code(), imported.err());
        assertEquals(1, refused.code(), refused.err());
        assertEquals(1, refused.err().lines().count(), refused.err());
        assertTrue(refused.err().contains("not imported, previous statistics kept"), refused.err());
        try (ServerProcess server = ServerProcess.serve(work, "--listen", "127.0.0.1:0", "--data", data.toString(),
                "--plugins", plugins.toString(), "--skip-broken-plugins")) {
            Matcher line = server.awaitReady().orElseThrow(() -> new AssertionError(server.stderr()));
            ClientOptions options = ClientOptions.pinned(new InetSocketAddress("127.0.0.1", Integer.parseInt(line.group(2))),
                    ServerKey.fromHex(line.group(5)), Duration.ofSeconds(30));
            try (QuicFilesClient client = QuicFilesClient.connect(options)) {
                String reply = new String(client.request("token_info", "{}".getBytes(StandardCharsets.US_ASCII)),
                        StandardCharsets.UTF_8);
                assertTrue(reply.contains("\"maximum_supply\":240000000"), reply);
                assertTrue(reply.contains("\"current_value\":\"0.0581\""), reply);
                assertTrue(reply.contains("\"updated\":" + updated), reply);
            }
            server.terminate();
        }
    }

    /** {@code first} then {@code second}, e.g. a command and the flags that reach a server. */
    static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}

package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
                "plugin files \\S+ from quicfiles-endpoints-files-\\S+\\.jar: commands GET, PUT; endpoints file_extend, file_info")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.matches("plugin session .*: commands \\(none\\); endpoints session_version")),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.matches("plugin token .*: commands \\(none\\); endpoints token_info")),
                String.join("\n", lines));
        assertTrue(lines.contains("plugin hello 0.1.0-SNAPSHOT from hello-example.jar: commands UPPER; endpoints hello")
                || lines.contains("plugin hello unversioned from hello-example.jar: commands UPPER; endpoints hello"),
                String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("skipped plugin bad-descriptor.jar: ")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("skipped plugin missing-dependency.jar: ")
                && line.contains("no.such.module")), String.join("\n", lines));
        assertEquals(6, lines.size(), String.join("\n", lines));
    }

    @Test
    void removingTheTokenJarRemovesTokenInfoAndNothingElse() throws Exception {
        List<String> before = pluginLines();
        Files.delete(Installation.jar(plugins, "quicfiles-endpoints-token-"));

        List<String> after = pluginLines();

        List<String> removed = before.stream().filter(line -> !after.contains(line)).toList();
        assertEquals(1, removed.size(), removed.toString());
        assertTrue(removed.get(0).startsWith("plugin token ") && removed.get(0).endsWith("endpoints token_info"));
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
    void servesFromThePackagedInstallationAndStopsCleanlyOnSigterm() throws Exception {
        Files.delete(Installation.jar(plugins, "quicfiles-endpoints-token-"));
        try (ServerProcess server = ServerProcess.serve(work, "--listen", "127.0.0.1:0", "--data",
                work.resolve("data").toString(), "--plugins", plugins.toString())) {
            Optional<Matcher> ready = server.awaitReady();
            if (ready.isEmpty()) {
                int code = server.awaitExit();
                Assumptions.assumeFalse(server.stderr().contains("no usable transport provider (found: none)"),
                        "the transport-quic module provides no transport yet");
                throw new AssertionError("the server exited with " + code + " before it was ready:\n" + server.stderr());
            }
            Matcher line = ready.get();
            assertEquals("127.0.0.1", line.group(1));
            assertTrue(Integer.parseInt(line.group(2)) > 0, "the real port, not 0");
            assertTrue(line.group(3).startsWith("quic"), line.group(0));
            assertEquals(64, line.group(5).length());
            assertTrue(server.stderr().contains("skipped plugin bad-descriptor.jar"), server.stderr());
            assertTrue(Files.exists(work.resolve("data/key")) && Files.exists(work.resolve("data/quicfiles.db")));

            int code = server.terminate();

            assertTrue(code == 0 || code == 143, "exit code " + code);
            assertTrue(!server.stderr().contains("Exception"), server.stderr());
        }
    }
}

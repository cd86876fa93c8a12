package org.quicfiles.app.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.app.TestPlugins;

class CliTest {
    @TempDir
    static Path build;

    @TempDir
    Path dir;

    static TestPlugins plugins;

    @BeforeAll
    static void compilePlugins() throws IOException {
        plugins = TestPlugins.compile(build);
    }

    private record Run(int code, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    private static Run run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, environment, new PrintWriter(out), new PrintWriter(err));
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void pluginsListsWhatIsLoadedAndWhatIsSkipped() throws IOException {
        Path folder = plugins.folder(dir.resolve("plugins"), "future", "broken");

        Run run = run(Map.of(), "plugins", "--plugins", folder.toString());

        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("plugin greet unversioned from greet-1.0.jar: commands ECHO; endpoints greet"),
                run.out());
        assertTrue(run.out().contains("plugin withlib unversioned from withlib: commands (none); endpoints shout"),
                run.out());
        assertTrue(run.out().contains("skipped plugin future.jar: plugin 'future' needs api version 3"), run.out());
        assertTrue(run.out().contains("skipped plugin broken.jar: "), run.out());
    }

    @Test
    void aPluginToolRunsAsATopLevelCommandWithTheServersDatabase() throws IOException {
        Path folder = plugins.folder(dir.resolve("plugins"), "tooled");
        Path data = Files.createDirectories(dir.resolve("data"));

        Run listed = run(Map.of(), "plugins", "--plugins", folder.toString());
        Run ran = run(Map.of(), "echo-args", "import", "--plugins", folder.toString(), "--data", data.toString(),
                "stats.json", "--verbose");
        Run failed = run(Map.of(), "tool", "--plugins", folder.toString(), "--data", data.toString(), "echo-args", "fail");

        assertTrue(listed.out().contains("plugin tooled unversioned from tooled.jar: commands (none); endpoints tooled;"
                + " tools echo-args"), listed.out());
        assertEquals(0, ran.code(), ran.err());
        assertEquals("args import stats.json --verbose --database jdbc:sqlite:"
                + data.resolve("quicfiles.db").toAbsolutePath() + "\n", ran.out());
        assertEquals(3, failed.code(), failed.err());
    }

    @Test
    void anUnknownCommandNamesThePluginToolsThereAre() throws IOException {
        Path folder = plugins.folder(dir.resolve("plugins"), "tooled");

        Run run = run(Map.of(), "frobnicate", "--plugins", folder.toString());
        Run slip = run(Map.of(), "pu", "x", "--plugins", folder.toString());
        Run toolSlip = run(Map.of(), "echo-arg", "--plugins", folder.toString());

        assertEquals(List.of(Cli.USAGE, Cli.USAGE, Cli.USAGE), List.of(run.code(), slip.code(), toolSlip.code()));
        assertEquals(List.of("quicfiles: unknown command 'frobnicate': neither built in nor a tool of a plugin in "
                + folder + " (plugin tools: echo-args)"), run.errLines());
        assertTrue(slip.err().strip().endsWith("; did you mean put?"), slip.err());
        assertTrue(toolSlip.err().strip().endsWith("; did you mean echo-args?"), toolSlip.err());
    }

    @Test
    void aToolRefusesAMissingDataFolderInsteadOfCreatingADatabase() throws IOException {
        Path folder = plugins.folder(dir.resolve("plugins"), "tooled");
        Path missing = dir.resolve("no-such-data");

        Run run = run(Map.of(), "echo-args", "--plugins", folder.toString(), "--data", missing.toString());

        assertEquals(1, run.code());
        assertTrue(run.err().startsWith("quicfiles: data folder " + missing + " does not exist"), run.err());
        assertTrue(Files.notExists(missing));
    }

    @Test
    void pluginsFolderComesFromTheEnvironmentWhenNoFlagSaysOtherwise() throws IOException {
        Path folder = plugins.folder(dir.resolve("plugins"), "clash");

        Run run = run(Map.of("QUICFILES_SERVER_PLUGINS_DIR", folder.toString()), "plugins");

        assertEquals(1, run.code());
        assertTrue(run.out().contains("conflict: plugins 'clash' (clash.jar) and 'greet' (greet-1.0.jar)"), run.out());
    }

    @Test
    void anUnknownOptionIsOneLineAndExitCode2() {
        Run run = run(Map.of(), "serve", "--frobnicate");
        Run slip = run(Map.of(), "serve", "--listn", "127.0.0.1:0");

        assertEquals(Cli.USAGE, run.code());
        assertEquals(List.of("quicfiles: Unknown option: '--frobnicate' (see 'quicfiles serve --help')"), run.errLines());
        assertEquals(Cli.USAGE, slip.code());
        assertEquals(1, slip.errLines().size(), slip.err());
        assertTrue(slip.err().contains("did you mean --listen?"), slip.err());
    }

    @Test
    void clientFailuresSayWhatHappenedTheSameWayForEveryCommand() throws Exception {
        try (org.quicfiles.app.QuicFilesServer server = org.quicfiles.app.QuicFilesServer.builder()
                .data(dir.resolve("data")).pluginsDirectory(filesPluginFolder())
                .config(Map.of("transport.address", "127.0.0.1", "transport.port", "0", "files.max-size", "10"))
                .start()) {
            String[] target = {"--server", "127.0.0.1:" + server.address().getPort(), "--server-key", server.publicKeyHex()};
            String unknown = "A".repeat(44);
            Path eleven = Files.write(dir.resolve("eleven.bin"), new byte[11]);

            Run info = run(Map.of(), concat(new String[] {"info", unknown}, target));
            Run extend = run(Map.of(), concat(new String[] {"extend", unknown}, target));
            Run infoJson = run(Map.of(), concat(new String[] {"info", unknown, "--json"}, target));
            Run noFolder = run(Map.of(), concat(new String[] {"get", unknown, "-o", dir.resolve("no/such/dir/x").toString()},
                    target));
            Run tooLarge = run(Map.of(), concat(new String[] {"put", eleven.toString()}, target));
            String otherKey = "ab".repeat(32);
            Run wrongKey = run(Map.of(), "info", unknown, "--server", "127.0.0.1:" + server.address().getPort(),
                    "--server-key", otherKey);

            assertEquals(List.of("quicfiles: info " + unknown + ": the server answered NOT_FOUND (404)"), info.errLines());
            assertEquals(List.of("quicfiles: extend " + unknown + ": the server answered NOT_FOUND (404)"), extend.errLines());
            assertEquals("{\"error\":\"info " + unknown + ": the server answered NOT_FOUND (404)\",\"code\":404,"
                    + "\"status\":\"NOT_FOUND\"}", infoJson.out().strip());
            assertEquals(List.of("quicfiles: get " + unknown + ": cannot write " + dir.resolve("no/such/dir/x")
                    + ": folder " + dir.resolve("no/such/dir") + " does not exist"), noFolder.errLines());
            assertEquals(List.of("quicfiles: put " + eleven + ": the server answered BAD_SIZE (451): the file's 11 bytes"
                    + " are more than the server accepts (its limit is files.max-size, 10223616 bytes unless its"
                    + " operator changed it)"), tooLarge.errLines());
            assertEquals(List.of("quicfiles: info " + unknown + ": cannot connect to 127.0.0.1:" + server.address().getPort()
                    + ": the server's key " + server.publicKeyHex() + " does not match the pinned key " + otherKey),
                    wrongKey.errLines());
            assertEquals(List.of(1, 1, 1, 1, 1, 1), List.of(info.code(), extend.code(), infoJson.code(), noFolder.code(),
                    tooLarge.code(), wrongKey.code()));
        }
    }

    @Test
    void aDownloadWhoseContentDoesNotMatchItsIdFailsAndLeavesNothing() throws Exception {
        try (org.quicfiles.app.QuicFilesServer server = filesServer()) {
            String[] target = {"--server", "127.0.0.1:" + server.address().getPort(), "--server-key", server.publicKeyHex()};
            byte[] content = new byte[100_000];
            new java.util.Random(7).nextBytes(content);
            Path original = Files.write(dir.resolve("original.bin"), content);
            Run put = run(Map.of(), concat(new String[] {"put", original.toString(), "--json"}, target));
            assertEquals(0, put.code(), put.err());
            String id = org.quicfiles.protocol.ContentIds.of(content);
            assertTrue(put.out().contains(id), put.out());
            Path good = dir.resolve("good.bin");
            assertEquals(0, run(Map.of(), concat(new String[] {"get", id, "-o", good.toString()}, target)).code());
            assertTrue(java.util.Arrays.equals(content, Files.readAllBytes(good)));

            // the same size, one bit changed on disk: the server serves it, the client must refuse it
            Path blob;
            try (var files = Files.walk(dir.resolve("data"))) {
                blob = files.filter(file -> file.getFileName().toString().equals(id)).findFirst().orElseThrow();
            }
            content[50_000] ^= 1;
            Files.write(blob, content);
            Path bad = dir.resolve("bad.bin");
            Run get = run(Map.of(), concat(new String[] {"get", id, "-o", bad.toString()}, target));

            assertEquals(List.of("quicfiles: get " + id + ": the content does not match its id (corrupted or a wrong"
                    + " server)"), get.errLines());
            assertEquals(1, get.code());
            try (var left = Files.list(dir)) {
                assertEquals(List.of(), left.filter(file -> file.getFileName().toString().startsWith(".bad.bin")
                        || file.equals(bad)).toList(), "no file and no temporary left");
            }
            try (org.quicfiles.client.QuicFilesClient client = org.quicfiles.client.QuicFilesClient.connect(
                    org.quicfiles.client.ClientOptions.pinned(server.address(),
                    org.quicfiles.client.ServerKey.of(server.publicKey()), java.time.Duration.ofSeconds(30)))) {
                java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
                org.quicfiles.client.ContentMismatchException mismatch = org.junit.jupiter.api.Assertions.assertThrows(
                        org.quicfiles.client.ContentMismatchException.class,
                        () -> client.get(id, java.nio.channels.Channels.newChannel(sink)));
                assertEquals(id, mismatch.id());
                assertEquals(content.length, sink.size(), "the caller saw every byte, then the error");
            }
            // a caller that opted out (the load driver) gets the bytes as served, unchecked
            try (org.quicfiles.client.QuicFilesClient client = org.quicfiles.client.QuicFilesClient.connect(
                    org.quicfiles.client.ClientOptions.pinned(server.address(),
                    org.quicfiles.client.ServerKey.of(server.publicKey()), java.time.Duration.ofSeconds(30))
                    .withoutContentCheck())) {
                java.io.ByteArrayOutputStream sink = new java.io.ByteArrayOutputStream();
                assertEquals(content.length, client.get(id, java.nio.channels.Channels.newChannel(sink)).size());
                assertTrue(java.util.Arrays.equals(content, sink.toByteArray()));
            }
        }
    }

    @Test
    void anIdThatStartsWithADashIsAnIdNotAnOption() throws Exception {
        try (org.quicfiles.app.QuicFilesServer server = org.quicfiles.app.QuicFilesServer.builder()
                .data(dir.resolve("data")).pluginsDirectory(filesPluginFolder())
                .config(Map.of("transport.address", "127.0.0.1", "transport.port", "0"))
                .start()) {
            String[] target = {"--server", "127.0.0.1:" + server.address().getPort(), "--server-key", server.publicKeyHex()};
            // one content id in 64 starts with '-': before, picocli read it as an unknown option (exit 2)
            String dashId = "-" + "A".repeat(43);

            Run info = run(Map.of(), concat(new String[] {"info", dashId}, target));
            Run extend = run(Map.of(), concat(new String[] {"extend", dashId}, target));
            Run unknownOption = run(Map.of(), concat(new String[] {"info", dashId, "--bogus"}, target));

            assertEquals(List.of("quicfiles: info " + dashId + ": the server answered NOT_FOUND (404)"), info.errLines());
            assertEquals(1, info.code());
            assertEquals(List.of("quicfiles: extend " + dashId + ": the server answered NOT_FOUND (404)"), extend.errLines());
            assertEquals(Cli.USAGE, unknownOption.code());
            assertTrue(unknownOption.err().contains("Unknown option: '--bogus'"), unknownOption.err());
        }
    }

    @Test
    void anUnresolvableHostIsNamedNotANullPointer() {
        Run run = run(Map.of(), "info", "abc", "--server", "no-such-host.invalid:11235", "--insecure");

        assertEquals(1, run.code());
        assertEquals(List.of("quicfiles: info abc: cannot connect to no-such-host.invalid:11235: cannot resolve host"
                + " 'no-such-host.invalid'"), run.errLines());
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = java.util.Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }

    /** An embedded server on loopback with the real files plugin, its data in {@code dir/data}. */
    private org.quicfiles.app.QuicFilesServer filesServer() throws Exception {
        return org.quicfiles.app.QuicFilesServer.builder().data(dir.resolve("data")).pluginsDirectory(filesPluginFolder())
                .config(Map.of("transport.address", "127.0.0.1", "transport.port", "0")).start();
    }

    /** A plugins folder holding the real files plugin, whose create() checks its values. */
    private Path filesPluginFolder() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("files-plugin"));
        try (var jars = Files.list(Path.of(System.getProperty("quicfiles.test.plugins")))) {
            Path jar = jars.filter(file -> file.getFileName().toString().startsWith("quicfiles-endpoints-files-"))
                    .findFirst().orElseThrow();
            Files.copy(jar, folder.resolve(jar.getFileName()));
        }
        return folder;
    }

    private Run serve(Map<String, String> environment, Path pluginsFolder, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("serve", "--data", dir.resolve("data").toString(),
                "--plugins", pluginsFolder.toString(), "--listen", "127.0.0.1:0"));
        all.addAll(List.of(args));
        return run(environment, all.toArray(String[]::new));
    }

    /** The one line a refused start prints, with the files plugin's jar name made stable. */
    private static List<String> refusal(Run run) {
        return run.errLines().stream().filter(line -> !line.contains(" chosen among "))
                .map(line -> line.replaceAll("quicfiles-endpoints-files-[^ )]*\\.jar", "FILES.jar")).toList();
    }

    @Test
    void aBadValueFromAnySourceStopsTheServerNamingTheKeyAndWhereItWasSet() throws IOException {
        Path plugins = filesPluginFolder();
        Path config = Files.writeString(dir.resolve("quicfiles.conf"), "# limits\nfiles.max-size = lots\n");

        Run fromFile = serve(Map.of(), plugins, "--config", config.toString());
        Run fromFlag = serve(Map.of(), plugins, "--max-ttl", "10s");
        Run fromEnv = serve(Map.of("QUICFILES_FILES_DELETE_PERIOD", "0s"), plugins);
        Run fromListen = run(Map.of(), "serve", "--listen", "nowhere", "--data", dir.toString());

        assertEquals(List.of("quicfiles: plugin 'files' (FILES.jar) cannot start: files.max-size (" + config
                + ":2): 'lots' is not a number"), refusal(fromFile));
        assertEquals(List.of("quicfiles: plugin 'files' (FILES.jar) cannot start: files.max-ttl (--max-ttl):"
                + " must be at least 30s, is 10s"), refusal(fromFlag));
        assertEquals(List.of("quicfiles: plugin 'files' (FILES.jar) cannot start: files.delete-period (environment"
                + " variable QUICFILES_FILES_DELETE_PERIOD): must be positive, is PT0S"), refusal(fromEnv));
        assertEquals(List.of("quicfiles: --listen: 'nowhere' is not HOST:PORT (e.g. 0.0.0.0:11235)"), fromListen.errLines());
        assertEquals(List.of(1, 1, 1, 1), List.of(fromFile.code(), fromFlag.code(), fromEnv.code(), fromListen.code()));
        assertTrue(fromFlag.out().isEmpty(), "no ready line: " + fromFlag.out());
    }

    @Test
    void anUnknownKeyFromAnySourceStopsTheServerWithTheNearestKnownKey() throws IOException {
        Path plugins = filesPluginFolder();
        Path config = Files.writeString(dir.resolve("quicfiles.conf"), "fils.max-size = 1\n");

        Run fromSet = serve(Map.of(), plugins, "--set", "files.max-sise=1");
        Run fromSetTransport = serve(Map.of(), plugins, "-D", "transport.idle-timout=5s");
        Run fromFile = serve(Map.of(), plugins, "--config", config.toString());
        Run fromEnv = serve(Map.of("QUICFILES_FILES_MAXSIZE", "1"), plugins);

        assertEquals(List.of("quicfiles: unknown configuration key files.max-sise (-D/--set); did you mean files.max-size?"),
                refusal(fromSet));
        assertEquals(List.of("quicfiles: unknown configuration key transport.idle-timout (-D/--set);"
                + " did you mean transport.idle-timeout?"), refusal(fromSetTransport));
        assertEquals(List.of("quicfiles: unknown configuration key fils.max-size (" + config + ":1): nothing reads"
                + " section 'fils' (no plugin of that name is loaded); did you mean files.max-size?"), refusal(fromFile));
        assertEquals(List.of("quicfiles: unknown configuration key files.maxsize (environment variable"
                + " QUICFILES_FILES_MAXSIZE); did you mean files.max-size (QUICFILES_FILES_MAX_SIZE)?"), refusal(fromEnv));
        assertEquals(List.of(1, 1, 1, 1), List.of(fromSet.code(), fromSetTransport.code(), fromFile.code(), fromEnv.code()));
        assertTrue(Files.notExists(dir.resolve("data")), "refused before the data folder was created");
    }

    @Test
    void launcherVariablesDoNotStopTheServer() throws IOException {
        Path plugins = filesPluginFolder();

        Run run = serve(Map.of("QUICFILES_JAVA_OPTS", "-Xmx1g", "QUICFILES_HOME", "/opt/quicfiles"), plugins,
                "--transport", "carrier-pigeon");

        // it gets as far as choosing a transport: the variables were not read as keys
        assertTrue(run.err().startsWith("quicfiles: no transport provider named 'carrier-pigeon'"), run.err());
    }

    @Test
    void debugPrintsTheStackTraceAndIsNotAKey() throws IOException {
        Path plugins = filesPluginFolder();

        Run run = serve(Map.of("QUICFILES_DEBUG", "1"), plugins, "--transport", "carrier-pigeon");

        assertTrue(run.err().contains("StartupException: no transport provider named 'carrier-pigeon'"), run.err());
        assertTrue(run.err().contains("ProviderChoice.choose("), run.err());
    }

    @Test
    void flagsOverrideTheEnvironmentWhichOverridesTheFile() throws Exception {
        Path config = Files.writeString(dir.resolve("quicfiles.conf"),
                "files.max-size = 1M\nfiles.max-ttl = 1d\ntransport.idle-timeout = 5s\n");
        ServeCommand serve = new ServeCommand();
        serve.parent = new QuicFilesCommand(Map.of("QUICFILES_FILES_MAX_TTL", "2d", "QUICFILES_TRANSPORT_IDLE_TIMEOUT", "6s"),
                new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()));
        new picocli.CommandLine(serve).parseArgs("--config", config.toString(), "--idle-timeout", "7s",
                "-D", "files.compat-ids=true", "--listen", "127.0.0.1:0");

        Map<String, String> values = serve.config().values();

        assertEquals("1M", values.get("files.max-size"));
        assertEquals("2d", values.get("files.max-ttl"));
        assertEquals("7s", values.get("transport.idle-timeout"));
        assertEquals("true", values.get("files.compat-ids"));
        assertEquals("127.0.0.1", values.get("transport.address"));
        assertEquals("0", values.get("transport.port"));
        assertEquals("./data", values.get("server.data-dir"));
    }

    @Test
    void aServerThatCannotStartSaysWhyInOneLine() {
        Run run = run(Map.of(), "serve", "--data", dir.resolve("data").toString(),
                "--plugins", dir.toString(), "--listen", "127.0.0.1:0", "--transport", "carrier-pigeon");

        assertEquals(1, run.code());
        assertEquals(1, run.errLines().size(), run.err());
        assertTrue(run.err().startsWith("quicfiles: no transport provider named 'carrier-pigeon' (available: "),
                run.err());
    }

    @Test
    void everySubcommandHasHelpAndVersion() {
        for (String command : List.of("serve", "plugins", "put", "get", "info", "extend", "tool")) {
            Run help = run(Map.of(), command, "--help");
            assertEquals(0, help.code());
            assertTrue(help.out().contains("Usage: quicfiles " + command), help.out());
            Run version = run(Map.of(), command, "--version");
            assertTrue(version.out().startsWith("quicfiles "), version.out());
        }
    }

    @Test
    void clientCommandsNeedAServerAndAKeyOrInsecure() {
        Run noTrust = run(Map.of(), "info", "abc", "--server", "127.0.0.1:1");
        assertEquals(Cli.USAGE, noTrust.code());
        assertEquals(1, noTrust.errLines().size(), noTrust.err());
        assertTrue(noTrust.err().contains("--server-key") && noTrust.err().contains("--insecure"), noTrust.err());

        Run both = run(Map.of(), "info", "abc", "--server", "127.0.0.1:1", "--insecure", "--server-key", "00");
        assertEquals(Cli.USAGE, both.code());

        Run badKey = run(Map.of(), "info", "abc", "--server", "127.0.0.1:1", "--server-key", "xyz");
        assertEquals(List.of("quicfiles: --server-key: expected 64 hex digits (a 32-byte Ed25519 public key)"),
                badKey.errLines());

        Run badId = run(Map.of(), "get", "not/an/id", "--server", "127.0.0.1:1", "--insecure");
        assertEquals(Cli.USAGE, badId.code()); // a usage error, not a configuration one
        assertTrue(badId.err().startsWith("quicfiles: 'not/an/id' is not a file id"), badId.err());

        Run badTtl = run(Map.of(), "extend", "abc", "--ttl", "soon", "--server", "127.0.0.1:1", "--insecure");
        assertEquals(List.of("quicfiles: --ttl: 'soon' is not a duration (e.g. 30s, 10m, 14d)"), badTtl.errLines());
    }
}

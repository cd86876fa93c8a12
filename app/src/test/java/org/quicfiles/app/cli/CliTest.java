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
        assertTrue(run.out().contains("skipped plugin future.jar: plugin 'future' needs api version 2"), run.out());
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

        assertEquals(1, run.code());
        assertEquals(List.of("quicfiles: unknown command 'frobnicate': neither built in nor a tool of a plugin in "
                + folder + " (plugin tools: echo-args)"), run.errLines());
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

        assertEquals(Cli.USAGE, run.code());
        assertEquals(List.of("quicfiles: Unknown option: '--frobnicate' (see 'quicfiles serve --help')"), run.errLines());
    }

    @Test
    void aBadValueFromAnySourceIsOneLineAndExitCode1() throws IOException {
        Path config = Files.writeString(dir.resolve("quicfiles.conf"), "files.max-size = lots\n");

        Run fromFile = run(Map.of(), "serve", "--config", config.toString(), "--data", dir.toString());
        Run fromEnv = run(Map.of("QUICFILES_TRANSPORT_MAX_STREAMS", "many"), "serve", "--data", dir.toString());
        Run fromFlag = run(Map.of(), "serve", "--listen", "nowhere", "--data", dir.toString());

        assertEquals(List.of("quicfiles: files.max-size: 'lots' is not a number"), fromFile.errLines());
        assertEquals(List.of("quicfiles: transport.max-streams: 'many' is not a number"), fromEnv.errLines());
        assertEquals(List.of("quicfiles: --listen: 'nowhere' is not HOST:PORT (e.g. 0.0.0.0:11235)"), fromFlag.errLines());
        assertEquals(List.of(1, 1, 1), List.of(fromFile.code(), fromEnv.code(), fromFlag.code()));
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
        assertEquals(1, badId.code());
        assertTrue(badId.err().startsWith("quicfiles: 'not/an/id' is not a file id"), badId.err());

        Run badTtl = run(Map.of(), "extend", "abc", "--ttl", "soon", "--server", "127.0.0.1:1", "--insecure");
        assertEquals(List.of("quicfiles: --ttl: 'soon' is not a duration (e.g. 30s, 10m, 14d)"), badTtl.errLines());
    }
}

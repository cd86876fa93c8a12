package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The release archive ({@code mvn -Prelease}, as {@code .ci/run} builds): unpacked elsewhere, it runs
 * with no Java on {@code PATH} and no {@code JAVA_HOME}, and holds what an operator installs.
 */
class ReleaseArchiveTest {
    @TempDir
    static Path unpacked;
    static Path home;

    @BeforeAll
    static void unpack() throws IOException, InterruptedException {
        Path archive = Path.of(System.getProperty("quicfiles.release.archive", "none"));
        Assumptions.assumeTrue(Files.isRegularFile(archive), "no release archive " + archive + " (build with -Prelease)");
        Process tar = new ProcessBuilder("tar", "-xzf", archive.toString(), "-C", unpacked.toString())
                .inheritIO().start();
        assertEquals(0, tar.waitFor());
        String folder = archive.getFileName().toString().replaceFirst("\\.tar\\.gz$", "");
        home = unpacked.resolve(folder);
        assertTrue(Files.isDirectory(home), "the archive unpacks into " + folder + "/");
    }

    @Test
    void itHoldsTheRuntimeManPagesCompletionUnitFileAndExampleConfig() throws IOException {
        for (String file : List.of("bin/quicfiles", "bin/quicfiles-train-aot", "runtime/bin/java")) {
            assertTrue(Files.isExecutable(home.resolve(file)), file);
        }
        for (String file : List.of("share/man/man1/quicfiles.1", "share/man/man1/quicfiles-serve.1",
                "share/bash-completion/completions/quicfiles", "systemd/quicfiles.service", "quicfiles.conf.example")) {
            assertTrue(Files.size(home.resolve(file)) > 0, file);
        }
        assertTrue(Files.readString(home.resolve("share/man/man1/quicfiles-serve.1")).contains(".SH \"NAME\""),
                "a troff man page");
        assertTrue(Files.readString(home.resolve("share/bash-completion/completions/quicfiles")).contains("complete -F"));
        assertTrue(Files.exists(home.resolve("plugins")));
        assertFalse(Files.exists(home.resolve("aot")), "AOT caches hold their location: trained after unpacking");
    }

    @Test
    void everyJarInLibIsANamedModuleSoTheRuntimeCouldBeLinked() {
        // except storage-s3's AWS SDK v2 and its HTTP client, automatic modules all (decision note 0210)
        List<String> automatic = ModuleFinder.of(home.resolve("lib")).findAll().stream()
                .filter(module -> module.descriptor().isAutomatic())
                .filter(module -> !module.descriptor().name().startsWith("software.amazon.awssdk.")
                        && !module.descriptor().name().startsWith("org.apache.httpcomponents.")
                        && !module.descriptor().name().equals("org.reactivestreams"))
                .map(ModuleReference::location).map(Object::toString).toList();
        assertEquals(List.of(), automatic);
    }

    @Test
    void itServesAndAClientCommandWorksWithNoJavaOnThePath(@TempDir Path work) throws Exception {
        Map<String, String> environment = noJava(work);
        Files.createDirectory(work.resolve("data"), java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        ProcessBuilder serve = new ProcessBuilder(home.resolve("bin/quicfiles").toString(), "serve",
                "--listen", "127.0.0.1:0", "--data", work.resolve("data").toString(), "-D", "session.enabled=false")
                .directory(work.toFile()).redirectError(work.resolve("serve.err").toFile());
        serve.environment().clear();
        serve.environment().putAll(environment);
        Process server = serve.start();
        try {
            Matcher ready = null;
            try (BufferedReader out = new BufferedReader(new InputStreamReader(server.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while (ready == null && (line = out.readLine()) != null) {
                    Matcher match = ServerProcess.READY.matcher(line);
                    ready = match.matches() ? match : null;
                }
            }
            assertTrue(ready != null, "no ready line; stderr:\n" + Files.readString(work.resolve("serve.err")));
            Files.writeString(work.resolve("hello.txt"), "hello from the release archive\n");
            String[] flags = {"--server", "127.0.0.1:" + ready.group(2), "--server-key", ready.group(5)};
            List<String> put = new ArrayList<>(List.of("put", work.resolve("hello.txt").toString(), "--json"));
            put.addAll(List.of(flags));
            String putOut = run(work, environment, put);
            Matcher id = java.util.regex.Pattern.compile("\"id\":\"([^\"]+)\"").matcher(putOut);
            assertTrue(id.find(), putOut);
            List<String> info = new ArrayList<>(List.of("info", id.group(1), "--json"));
            info.addAll(List.of(flags));
            assertTrue(run(work, environment, info).contains("\"size\":31"));
        } finally {
            server.destroy();
            assertEquals(143, server.waitFor());
        }
    }

    @Test
    void theUnitFilePassesSystemdAnalyzeVerify(@TempDir Path work) throws IOException, InterruptedException {
        // ExecStart must name an existing executable: the unpacked launcher stands in for /opt/quicfiles;
        // MANPATH lets verify find the man page that Documentation= names
        Path unit = work.resolve("quicfiles.service");
        Files.writeString(unit, Files.readString(home.resolve("systemd/quicfiles.service"))
                .replace("/opt/quicfiles/bin/quicfiles", home.resolve("bin/quicfiles").toString()));
        ProcessBuilder verify = new ProcessBuilder("systemd-analyze", "verify", unit.toString())
                .redirectErrorStream(true).redirectOutput(work.resolve("verify.txt").toFile());
        verify.environment().put("MANPATH", home.resolve("share/man").toString());
        Process process = verify.start();
        assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        String output = Files.readString(work.resolve("verify.txt"));
        assertEquals(0, process.exitValue(), output);
        assertEquals("", output.strip());
    }

    @Test
    void theDebInstallsTheArchiveInOptWithTheUnitAndTheConfigAsAConffile(@TempDir Path work) throws Exception {
        Path archive = Path.of(System.getProperty("quicfiles.release.archive"));
        List<Path> debs;
        try (var found = Files.list(archive.getParent())) {
            debs = found.filter(path -> path.getFileName().toString().matches("quicfiles_.+_amd64\\.deb")).toList();
        }
        assertEquals(1, debs.size(), "one .deb next to the archive: " + debs);
        Path deb = debs.getFirst();
        String version = archive.getFileName().toString().replaceFirst("^quicfiles-(.+)-linux-x86_64\\.tar\\.gz$", "$1");
        assertEquals("quicfiles\n" + version.replace('-', '~') + "\namd64\n",
                output(work, "dpkg-deb", "--field", deb.toString(), "Package", "Version", "Architecture")
                        .replaceAll("(?m)^\\w+: ", ""));
        assertEquals("/etc/quicfiles/quicfiles.conf", output(work, "dpkg-deb", "--info", deb.toString(), "conffiles").strip());
        List<String> contents = output(work, "dpkg-deb", "--contents", deb.toString()).lines().toList();
        for (String entry : List.of("-rwxr-xr-x root/root .* ./opt/quicfiles/bin/quicfiles",
                "-rwxr-xr-x root/root .* ./opt/quicfiles/runtime/bin/java",
                "-rw-r--r-- root/root .* ./lib/systemd/system/quicfiles.service",
                "-rw-r--r-- root/root .* ./etc/quicfiles/quicfiles.conf")) {
            assertTrue(contents.stream().anyMatch(line -> line.matches(entry)), entry + " in\n" + String.join("\n", contents));
        }
        assertFalse(contents.stream().anyMatch(line -> line.contains("/aot/")), "no AOT cache: it holds its location");

        Path root = Files.createDirectory(work.resolve("root"));
        output(work, "dpkg-deb", "--extract", deb.toString(), root.toString());
        String unit = Files.readString(root.resolve("lib/systemd/system/quicfiles.service"));
        assertTrue(unit.contains("ExecStart=/opt/quicfiles/bin/quicfiles serve"), "the unit runs what the package installs");
        assertEquals(Files.readString(home.resolve("quicfiles.conf.example")),
                Files.readString(root.resolve("etc/quicfiles/quicfiles.conf")));
        Path control = Files.createDirectory(work.resolve("control"));
        output(work, "dpkg-deb", "--control", deb.toString(), control.toString());
        for (String script : List.of("postinst", "prerm", "postrm")) {
            assertTrue(Files.isExecutable(control.resolve(script)), script);
            output(work, "sh", "-n", control.resolve(script).toString());
        }
        String versionLine = run(work, noJava(work), List.of("--version"));
        assertEquals(versionLine, runFrom(root.resolve("opt/quicfiles"), work, List.of("--version")),
                "the installed tree runs like the archive, on its own runtime");
    }

    /** Runs {@code command}, expects exit code 0, returns its stdout. */
    private static String output(Path work, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), String.join(" ", command));
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + Files.readString(err));
        return Files.readString(out);
    }

    private static String runFrom(Path installation, Path work, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(installation.resolve("bin/quicfiles").toString()));
        command.addAll(args);
        return output(work, command.toArray(String[]::new));
    }

    /** The environment with {@code JAVA_HOME} unset and a {@code PATH} of only the tools the launcher uses. */
    private static Map<String, String> noJava(Path work) throws IOException {
        Path bin = Files.createDirectory(work.resolve("bin"));
        for (String tool : List.of("sh", "dirname", "readlink", "uname", "tr", "sed", "head")) {
            Path real = Path.of("/usr/bin", tool);
            Files.createSymbolicLink(bin.resolve(tool), Files.exists(real) ? real : Path.of("/bin", tool));
        }
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.remove("JAVA_HOME");
        environment.remove("JAVA_TOOL_OPTIONS");
        environment.put("PATH", bin.toString());
        return environment;
    }

    private static String run(Path work, Map<String, String> environment, List<String> args)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/quicfiles").toString()));
        command.addAll(args);
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), "quicfiles " + args + " did not finish");
        assertEquals(0, process.exitValue(), "quicfiles " + args + ": " + Files.readString(err));
        return Files.readString(out);
    }
}

package org.quicfiles.tests;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** The packaged installation under test ({@code dist/target/quicfiles}) and how to run its launcher. */
final class Installation {
    private Installation() {
    }

    /** The installation folder, from the {@code quicfiles.installation} system property. */
    static Path home() {
        Path home = Path.of(System.getProperty("quicfiles.installation", "../dist/target/quicfiles"));
        if (!Files.isExecutable(home.resolve("bin/quicfiles"))) {
            throw new IllegalStateException("no installation at " + home.toAbsolutePath() + ": build dist first");
        }
        return home.toAbsolutePath().normalize();
    }

    /** The jar in {@code folder} whose name starts with {@code prefix}. */
    static Path jar(Path folder, String prefix) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(file -> file.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "*.jar in " + folder));
        }
    }

    /** The command line that runs {@code bin/quicfiles} with {@code args}. */
    static List<String> command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/quicfiles").toString());
        command.addAll(List.of(args));
        return command;
    }

    /** The outcome of a command that ran to its end. */
    record Result(int code, String out, String err) {
        List<String> outLines() {
            return out.lines().toList();
        }
    }

    /** Runs {@code bin/quicfiles args} in {@code workDir} and waits for it (at most two minutes). */
    static Result run(Path workDir, String... args) throws IOException, InterruptedException {
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process process = new ProcessBuilder(command(args)).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("quicfiles " + String.join(" ", args) + " did not finish");
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}

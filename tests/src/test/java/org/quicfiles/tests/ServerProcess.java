package org.quicfiles.tests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/quicfiles serve} running as a separate process. Its stdout is read line by line on a
 * thread so that the test can wait for the ready line; its stderr is collected.
 */
final class ServerProcess implements AutoCloseable {
    /** The ready line: address, port, transport, storage, key. */
    static final Pattern READY = Pattern.compile(
            "quicfiles ready on (\\S+):(\\d+) \\((\\S+), storage (\\S+)\\) key ([0-9a-f]{64})");
    private static final String END = "\u0000end";

    private final Process process;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final StringBuffer stderr = new StringBuffer();

    private ServerProcess(Process process) {
        this.process = process;
        Thread.ofVirtual().start(() -> pump(new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8)), true));
        Thread.ofVirtual().start(() -> pump(new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8)), false));
    }

    /**
     * Starts {@code bin/quicfiles serve args} in {@code workDir}, with the session plugin's GitHub
     * poller off when the plugins folder holds it: tests use loopback only (and a key of a plugin
     * that is not there stops the server).
     */
    static ServerProcess serve(Path workDir, String... args) throws IOException {
        return serve(workDir, java.util.Map.of(), args);
    }

    /** Like {@link #serve(Path, String...)}, with SIGHUP ignored as under {@code nohup}. */
    static ServerProcess serveWithHangupIgnored(Path workDir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("sh", "-c", "trap '' HUP; exec \"$@\"", "sh"));
        command.addAll(Installation.command(java.util.stream.Stream.concat(
                java.util.stream.Stream.of("serve", "-D", "session.enabled=false"), java.util.Arrays.stream(args))
                .toArray(String[]::new)));
        return new ServerProcess(new ProcessBuilder(command).directory(workDir.toFile()).start());
    }

    /** Like {@link #serve(Path, String...)}, with extra environment variables (e.g. {@code QUICFILES_JAVA_OPTS}). */
    static ServerProcess serve(Path workDir, java.util.Map<String, String> environment, String... args) throws IOException {
        List<String> list = new java.util.ArrayList<>(List.of("serve"));
        if (hasSessionPlugin(args)) {
            list.addAll(List.of("-D", "session.enabled=false"));
        }
        list.addAll(List.of(args));
        String[] all = list.toArray(String[]::new);
        // as systemd starts it: a build run under nohup ignores SIGHUP, the server would inherit that,
        // and the JVM refuses a handler for a signal ignored at its start (no reload then: a WARNING)
        List<String> command = new java.util.ArrayList<>(List.of("env", "--default-signal=HUP"));
        command.addAll(Installation.command(all));
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
        builder.environment().putAll(environment);
        return new ServerProcess(builder.start());
    }

    private void pump(BufferedReader reader, boolean out) {
        try (reader) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (out) {
                    stdout.add(line);
                } else {
                    stderr.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            stderr.append("(reading failed: ").append(e).append(")\n");
        } finally {
            if (out) {
                stdout.add(END);
            }
        }
    }

    /**
     * Waits for the ready line.
     *
     * @return its match, or empty if the server ended without printing it
     */
    Optional<Matcher> awaitReady() throws InterruptedException {
        while (true) {
            String line = stdout.poll(2, TimeUnit.MINUTES);
            if (line == null) {
                throw new IllegalStateException("no ready line within two minutes; stderr:\n" + stderr);
            }
            if (line.equals(END)) {
                return Optional.empty();
            }
            Matcher ready = READY.matcher(line);
            if (ready.matches()) {
                return Optional.of(ready);
            }
        }
    }

    /** Sends SIGTERM and waits for the process to end; returns its exit code. */
    int terminate() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("the server ignored SIGTERM; stderr:\n" + stderr);
        }
        return process.exitValue();
    }

    /** Sends SIGKILL and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the server survived SIGKILL");
        }
    }

    /** The process id (the JVM itself: the launcher execs java). */
    long pid() {
        return process.pid();
    }

    /** What the server wrote to stderr so far. */
    String stderr() {
        return stderr.toString();
    }

    /** Waits for the process to end by itself (after a failure to start). */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(1, TimeUnit.MINUTES)) {
            throw new IllegalStateException("the server did not exit; stderr:\n" + stderr);
        }
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /** Whether the plugins folder the arguments name (else the installation's) holds the session plugin. */
    private static boolean hasSessionPlugin(String... args) throws IOException {
        Path plugins = Installation.home().resolve("plugins");
        for (int index = 0; index + 1 < args.length; index++) {
            if (args[index].equals("--plugins")) {
                plugins = Path.of(args[index + 1]);
            }
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(plugins)) {
            return files.anyMatch(file -> file.getFileName().toString().startsWith("quicfiles-endpoints-session-"));
        }
    }
}

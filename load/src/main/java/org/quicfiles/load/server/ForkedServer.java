package org.quicfiles.load.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A server process the load tool forked (the packaged quicfiles server or the bare QUIC baseline in
 * its own JVM) to measure it: waits for its ready line ({@code … ready on HOST:PORT … [key HEX]}),
 * keeps its output in a log file, reads its peak RSS ({@code VmHWM}) and stops it with SIGTERM,
 * also when the tool itself is stopped (SIGTERM, SIGINT: a shutdown hook), so that an interrupted
 * run leaves no server behind to compete for the machine with the next one (or to find its work
 * folder reused under it). A SIGKILLed tool still leaves its servers running.
 */
public final class ForkedServer implements AutoCloseable {
    private static final Pattern READY = Pattern.compile("ready on ([0-9.]+):(\\d+).*?(?:key ([0-9a-f]{64}))?\\s*$");

    private final Process process;
    private final InetSocketAddress address;
    private final Optional<String> keyHex;
    private volatile long lastPeakRss = -1;

    private final Thread stopWithTheTool;

    private ForkedServer(Process process, InetSocketAddress address, Optional<String> keyHex, Thread stopWithTheTool) {
        this.process = process;
        this.address = address;
        this.keyHex = keyHex;
        this.stopWithTheTool = stopWithTheTool;
    }

    /**
     * Starts {@code command} with {@code environment} added, copying its output to {@code log}, and
     * waits up to {@code timeoutSeconds} for the ready line.
     */
    public static ForkedServer start(List<String> command, Map<String, String> environment, Path log, long timeoutSeconds)
            throws IOException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        Thread stopWithTheTool = new Thread(() -> stop(process), "stop-forked-server-" + process.pid());
        Runtime.getRuntime().addShutdownHook(stopWithTheTool);
        CompletableFuture<Matcher> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("server-output").start(() -> copyOutput(process, log, ready));
        try {
            Matcher matcher = ready.get(timeoutSeconds, TimeUnit.SECONDS);
            InetSocketAddress address = new InetSocketAddress(matcher.group(1), Integer.parseInt(matcher.group(2)));
            return new ForkedServer(process, address, Optional.ofNullable(matcher.group(3)), stopWithTheTool);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            forget(stopWithTheTool);
            throw new IOException("interrupted while starting " + command.getFirst(), e);
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            forget(stopWithTheTool);
            throw new IOException("server " + command + " printed no ready line (see " + log + ")", e);
        }
    }

    /** SIGTERM, and SIGKILL if the process has not ended 20 s later. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static void forget(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs (or ran) anyway
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<Matcher> ready) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             var out = Files.newBufferedWriter(log)) {
            String line;
            while ((line = reader.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                Matcher matcher = READY.matcher(line);
                if (!ready.isDone() && matcher.find()) {
                    ready.complete(matcher);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IOException("the server's output ended"));
    }

    public InetSocketAddress address() {
        return address;
    }

    public Optional<String> keyHex() {
        return keyHex;
    }

    public long pid() {
        return process.pid();
    }

    /** The process's peak resident set so far (VmHWM), or what it was when it stopped. */
    public OptionalLong peakRssBytes() {
        long now = ProcFs.peakRssBytes(process.pid());
        if (now >= 0) {
            lastPeakRss = now;
        }
        return lastPeakRss >= 0 ? OptionalLong.of(lastPeakRss) : OptionalLong.empty();
    }

    /** The process's resident set now (VmRSS), when readable. */
    public OptionalLong rssBytes() {
        long now = ProcFs.rssBytes(process.pid());
        return now >= 0 ? OptionalLong.of(now) : OptionalLong.empty();
    }

    /** CPU time (user + system) the process has used so far, when readable (10 ms resolution). */
    public OptionalLong cpuNanos() {
        long cpu = ProcFs.cpuNanos(process.pid());
        return cpu >= 0 ? OptionalLong.of(cpu) : OptionalLong.empty();
    }

    /** Context switches of the process's live threads so far ({@link ProcFs#contextSwitches}), when readable. */
    public OptionalLong contextSwitches() {
        long switches = ProcFs.contextSwitches(process.pid());
        return switches >= 0 ? OptionalLong.of(switches) : OptionalLong.empty();
    }

    /** The shutdown hook that stops this server with the tool (tests). */
    Thread stopWithTheTool() {
        return stopWithTheTool;
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            peakRssBytes();
            stop(process);
        }
        forget(stopWithTheTool);
    }
}

package org.quicfiles.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged server under a fake systemd {@code NOTIFY_SOCKET} (the unit file's {@code Type=notify}). */
class SystemdNotifyTest {
    private static final Duration WAIT = Duration.ofMinutes(1);

    @Test
    void theServerSaysReadyWithItsAddressThenStoppingOnSigterm(@TempDir Path work) throws Throwable {
        try (NotifySocket systemd = NotifySocket.bind(work.resolve("notify").toString())) {
            // stderr to a file: the shutdown lines come as the process ends, when a pipe may already be closed
            Path stderr = work.resolve("serve.err");
            Files.createDirectory(work.resolve("data"), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            ProcessBuilder builder = new ProcessBuilder(Installation.command("serve", "--listen", "127.0.0.1:0",
                    "--data", work.resolve("data").toString(), "-D", "session.enabled=false"))
                    .directory(work.toFile()).redirectError(stderr.toFile());
            builder.environment().put("NOTIFY_SOCKET", systemd.name());
            Process server = builder.start();
            try {
                String readyLine;
                try (BufferedReader out = server.inputReader(StandardCharsets.UTF_8)) {
                    readyLine = out.readLine();
                }
                Matcher ready = ServerProcess.READY.matcher(String.valueOf(readyLine));
                assertTrue(ready.matches(), readyLine + "\n" + Files.readString(stderr));
                String notified = systemd.awaitLine("READY=1", WAIT);
                assertTrue(notified.lines().anyMatch(line -> line.startsWith(
                        "STATUS=serving on 127.0.0.1:" + ready.group(2) + ", up ")
                        && line.endsWith(", 0 connections, 0 files")), notified);
                server.destroy();
                assertTrue(server.waitFor(1, TimeUnit.MINUTES), "the server ignored SIGTERM");
                assertEquals(143, server.exitValue(), "SIGTERM ends the JVM with 128+15 (SuccessExitStatus=143)");
                String stopping = systemd.awaitLine("STOPPING=1", WAIT);
                assertTrue(stopping.contains("STATUS=stopping"), stopping);
                // log lines (time, level, logger, message): the two messages, in that order
                List<String> lines = Files.readAllLines(stderr);
                int stoppingAt = indexOfLineEndingWith(lines, ": quicfiles stopping");
                int stoppedAt = indexOfLineEndingWith(lines, ": quicfiles stopped");
                assertTrue(stoppingAt >= 0 && stoppedAt > stoppingAt, lines.toString());
            } finally {
                server.destroyForcibly();
            }
        }
    }

    @Test
    void anAbstractSocketGetsReadyAndWatchdogPingsAtHalfTheIntervalWithTheCounts(@TempDir Path work) throws Throwable {
        String name = "@quicfiles-test-" + ThreadLocalRandom.current().nextLong(Long.MAX_VALUE);
        try (NotifySocket systemd = NotifySocket.bind(name)) {
            StringBuilder why = new StringBuilder();
            // 400 ms: pings every 200 ms, so several arrive well within a second
            PackagedServer server = PackagedServer.tryStart(work, work.resolve("data"),
                    Map.of("NOTIFY_SOCKET", name, "WATCHDOG_USEC", "400000"), why, List.of())
                    .orElseThrow(() -> new AssertionError("the server did not start: " + why));
            try (server) {
                systemd.awaitLine("READY=1", WAIT);
                long start = System.nanoTime();
                systemd.awaitLine("WATCHDOG=1", WAIT);
                systemd.awaitLine("WATCHDOG=1", WAIT);
                systemd.awaitLine("WATCHDOG=1", WAIT);
                assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Duration.ofSeconds(5)) < 0,
                        "three pings at 200 ms took " + Duration.ofNanos(System.nanoTime() - start));
                // the status rides on the pings, with the counts of the server's meters
                try (org.quicfiles.client.QuicFilesClient client = server.connect()) {
                    Transfers.put(client, "counted".getBytes(StandardCharsets.US_ASCII), 3600);
                    awaitStatus(systemd, ", 1 connection, 1 file");
                }
                awaitStatus(systemd, ", 0 connections, 1 file");
            }
        }
    }

    /** Reads pings until one's {@code STATUS=} line ends with {@code counts}. */
    private static void awaitStatus(NotifySocket systemd, String counts) throws Throwable {
        long deadline = System.nanoTime() + WAIT.toNanos();
        StringBuilder seen = new StringBuilder();
        while (System.nanoTime() < deadline) {
            String ping = systemd.awaitLine("WATCHDOG=1", WAIT);
            if (ping.lines().anyMatch(line -> line.startsWith("STATUS=serving on ") && line.endsWith(counts))) {
                return;
            }
            seen.append('[').append(ping).append(']');
        }
        throw new AssertionError("no status ending '" + counts + "' within " + WAIT + "; last: "
                + seen.substring(Math.max(0, seen.length() - 500)));
    }

    private static int indexOfLineEndingWith(List<String> lines, String end) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).endsWith(end)) {
                return i;
            }
        }
        return -1;
    }
}

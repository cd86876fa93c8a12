package org.quicfiles.load.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's figures from {@code /proc} (Linux): CPU time, its threads' context switches, resident memory. */
final class ProcFs {
    private ProcFs() {
    }

    /**
     * CPU time (user + system, all threads) {@code pid} has used so far in nanoseconds, or -1 if
     * unreadable. {@code /proc} counts it in USER_HZ ticks, which are 10 ms on Linux x86-64.
     */
    static long cpuNanos(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // fields after the command name, which is in parentheses and may contain spaces
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /**
     * Context switches (voluntary and involuntary) of {@code pid}'s live threads so far, or -1 if
     * unreadable: each is a thread that blocked or was preempted, so their count per operation is a
     * server's hand-offs between threads, steadier on a shared machine than time is. Threads that
     * ended take their counts with them.
     */
    static long contextSwitches(long pid) {
        long sum = 0;
        try (var tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (java.nio.file.NoSuchFileException ended) {
                    // the thread ended while we looked
                }
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** {@code VmHWM} (peak resident set) of {@code pid} in bytes, or -1 if unreadable. */
    static long peakRssBytes(long pid) {
        return statusBytes(pid, "VmHWM:");
    }

    /** {@code VmRSS} (resident set now) of {@code pid} in bytes, or -1 if unreadable. */
    static long rssBytes(long pid) {
        return statusBytes(pid, "VmRSS:");
    }

    private static long statusBytes(long pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim()) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}

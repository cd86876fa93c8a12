package org.quicfiles.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a process's memory figures from {@code /proc} (Linux). */
final class ProcFs {
    private ProcFs() {
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

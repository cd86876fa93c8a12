package org.quicfiles.app.internal.transfer;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongConsumer;

/**
 * A one-line progress bar redrawn with {@code \r}, for terminals only: {@link #forTerminal} gives a
 * silent one when stderr is not a terminal, so scripts see no control characters. Redraws at most
 * once per percent. Not thread-safe.
 */
public final class ProgressBar implements LongConsumer {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String label;
    private final long total;
    private final long started = System.nanoTime();
    private long done;
    private int shownPercent = -1;

    private ProgressBar(PrintWriter out, String label, long total) {
        this.out = out;
        this.label = label;
        this.total = total;
    }

    /**
     * A bar on {@code out} (the process's stderr) when stderr is a terminal, else one that prints
     * nothing. {@link System#console()} answers for stdin and stdout, not stderr: {@code get -o -
     * > file} (stdout redirected) still deserves a bar, {@code put f 2> log} (stderr redirected) must
     * not write {@code \r}s into the log.
     */
    public static LongConsumer forTerminal(PrintWriter out, String label, long total) {
        if (!stderrIsTerminal() || total <= 0) {
            return bytes -> { };
        }
        return new ProgressBar(out, label, total);
    }

    /**
     * Whether file descriptor 2 is a terminal: on Linux, what {@code /proc/self/fd/2} links to;
     * elsewhere, the console's answer (a guess for stderr).
     */
    static boolean stderrIsTerminal() {
        java.nio.file.Path link = java.nio.file.Path.of("/proc/self/fd/2");
        try {
            return isTerminalDevice(java.nio.file.Files.readSymbolicLink(link).toString());
        } catch (java.io.IOException | UnsupportedOperationException e) {
            java.io.Console console = System.console();
            return console != null && console.isTerminal();
        }
    }

    /** Whether a file descriptor's link target is a terminal device ({@code /dev/pts/N}, {@code /dev/ttyN}, {@code /dev/tty}). */
    static boolean isTerminalDevice(String target) {
        return target.startsWith("/dev/pts/") || target.matches("/dev/tty[A-Za-z0-9]*") || target.equals("/dev/console");
    }

    @Override
    public void accept(long bytes) {
        done += bytes;
        int percent = (int) Math.min(100, done * 100 / total);
        if (percent != shownPercent) {
            shownPercent = percent;
            out.print("\r" + render(percent));
            if (percent == 100) {
                out.println();
            }
            out.flush();
        }
    }

    private String render(int percent) {
        int filled = percent * WIDTH / 100;
        double seconds = Math.max(1e-3, (System.nanoTime() - started) / 1e9);
        return String.format(Locale.ROOT, "%s [%s%s] %3d%% %s / %s  %s/s", label, "#".repeat(filled),
                " ".repeat(WIDTH - filled), percent, size(done), size(total), size((long) (done / seconds)));
    }

    /** A byte count in B, KiB, MiB or GiB. */
    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}

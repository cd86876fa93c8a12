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

    /** A bar on {@code out} when the process runs on a terminal, else one that prints nothing. */
    public static LongConsumer forTerminal(PrintWriter out, String label, long total) {
        java.io.Console console = System.console();
        if (console == null || !console.isTerminal() || total <= 0) {
            return bytes -> { };
        }
        return new ProgressBar(out, label, total);
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

package org.quicfiles.transport.quic.internal;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A logger that keeps every WARNING-or-above line (and passes nothing on), for tests of what is logged. */
final class RecordingLogger implements System.Logger {
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(Level level) {
        return level.getSeverity() >= Level.WARNING.getSeverity();
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        if (isLoggable(level)) {
            lines.add(message);
            arrivals.add(message);
        }
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        log(level, bundle, params == null || params.length == 0 ? format : MessageFormat.format(format, params),
                (Throwable) null);
    }

    /** The lines so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Waits (bounded) for a line containing {@code text}; the line, or null. */
    String await(String text, int seconds) throws InterruptedException {
        for (String line : lines) {
            if (line.contains(text)) {
                return line;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        String line;
        while ((line = arrivals.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) != null) {
            if (line.contains(text)) {
                return line;
            }
        }
        return null;
    }
}

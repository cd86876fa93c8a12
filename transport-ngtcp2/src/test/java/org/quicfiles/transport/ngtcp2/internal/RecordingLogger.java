package org.quicfiles.transport.ngtcp2.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A logger that keeps what is logged at INFO and above (for tests that assert the log stays quiet) and passes everything on. */
final class RecordingLogger implements System.Logger {
    private final ConcurrentLinkedQueue<Map.Entry<Level, String>> lines = new ConcurrentLinkedQueue<>();
    private final System.Logger delegate = System.getLogger("quicfiles.test.ngtcp2");

    List<String> atLeast(Level level) {
        List<String> found = new ArrayList<>();
        for (Map.Entry<Level, String> line : lines) {
            if (line.getKey().getSeverity() >= level.getSeverity()) {
                found.add(line.getKey() + " " + line.getValue());
            }
        }
        return found;
    }

    @Override
    public String getName() {
        return delegate.getName();
    }

    @Override
    public boolean isLoggable(Level level) {
        return level.getSeverity() >= Level.INFO.getSeverity() || delegate.isLoggable(level);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        if (level.getSeverity() >= Level.INFO.getSeverity()) {
            lines.add(Map.entry(level, message + (thrown != null ? ": " + thrown : "")));
        }
        delegate.log(level, bundle, message, thrown);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        if (level.getSeverity() >= Level.INFO.getSeverity()) {
            lines.add(Map.entry(level, params == null || params.length == 0 ? format
                    : java.text.MessageFormat.format(format, params)));
        }
        delegate.log(level, bundle, format, params);
    }
}

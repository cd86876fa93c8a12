package org.quicfiles.api.spi;

import java.util.function.DoubleSupplier;

/**
 * Where a plugin or a transport publishes its own numbers without depending on a metrics library:
 * the server maps each meter onto its registry and exposes it on the admin listener's
 * {@code /metrics} (Prometheus text), so a plugin's {@code files.deleter.runs} counter becomes
 * {@code quicfiles_files_deleter_runs_total}. Without an admin listener every meter does nothing.
 *
 * <p>Names are dotted lower-case words ({@code deleter.runs}); the server puts the plugin's name
 * before a plugin's meters. Tags are key/value pairs ({@code "result", "ok"}); keep their values to
 * a small fixed set, never ids or addresses. Asking twice for the same name and tags returns the
 * same meter. Implementations are thread-safe.
 *
 * @since 0.1.0 (api version 1: reached through a default method, so providers built before it still load)
 */
public interface Meters {
    /** Meters that record nothing. */
    Meters NONE = new Meters() {
        @Override
        public Counter counter(String name, String description, String... tags) {
            return amount -> { };
        }

        @Override
        public Timer timer(String name, String description, String... tags) {
            return nanos -> { };
        }

        @Override
        public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        }
    };

    /**
     * A counter that only goes up (events, bytes).
     *
     * @param name dotted lower-case words, e.g. {@code deleter.runs}
     * @param description one line for the exposition's {@code HELP}
     * @param tags key/value pairs
     * @throws IllegalArgumentException for a malformed name or an odd number of tags
     */
    Counter counter(String name, String description, String... tags);

    /**
     * A timer: a count, a total and a latency histogram of what it records.
     *
     * @throws IllegalArgumentException for a malformed name or an odd number of tags
     */
    Timer timer(String name, String description, String... tags);

    /**
     * A value read when the meters are scraped (a size, a count of open things). {@code value} is
     * called on the scraping thread: it must be cheap and must not block for long.
     *
     * @throws IllegalArgumentException for a malformed name or an odd number of tags
     */
    void gauge(String name, String description, DoubleSupplier value, String... tags);

    /** A monotonic count. */
    @FunctionalInterface
    interface Counter {
        /** Adds {@code amount} (not negative). */
        void increment(long amount);

        /** Adds one. */
        default void increment() {
            increment(1);
        }
    }

    /** Durations. */
    @FunctionalInterface
    interface Timer {
        /** Records one duration of {@code nanos} nanoseconds. */
        void record(long nanos);
    }
}

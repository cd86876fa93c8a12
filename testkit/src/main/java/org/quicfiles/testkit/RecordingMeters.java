package org.quicfiles.testkit;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;
import org.quicfiles.api.spi.Meters;

/**
 * {@link Meters} that keep what they are given, for tests that check what a plugin or transport
 * counts: {@link #count} of a counter or timer, {@link #gauge} read now. Series are named
 * {@code name{k=v,…}} with the tags in the order given.
 */
public final class RecordingMeters implements Meters {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> nanos = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String description, String... tags) {
        AtomicLong count = counts.computeIfAbsent(series(name, tags), key -> new AtomicLong());
        return count::addAndGet;
    }

    @Override
    public Timer timer(String name, String description, String... tags) {
        String series = series(name, tags);
        AtomicLong count = counts.computeIfAbsent(series, key -> new AtomicLong());
        AtomicLong total = nanos.computeIfAbsent(series, key -> new AtomicLong());
        return duration -> {
            count.incrementAndGet();
            total.addAndGet(duration);
        };
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        gauges.putIfAbsent(series(name, tags), value);
    }

    /** A counter's value or a timer's count; 0 for a series never registered. */
    public long count(String name, String... tags) {
        AtomicLong count = counts.get(series(name, tags));
        return count == null ? 0 : count.get();
    }

    /** Whether a counter or timer of this series was registered. */
    public boolean has(String name, String... tags) {
        return counts.containsKey(series(name, tags));
    }

    /** A gauge's value now. */
    public double gauge(String name, String... tags) {
        DoubleSupplier gauge = gauges.get(series(name, tags));
        if (gauge == null) {
            throw new IllegalArgumentException("no gauge " + series(name, tags) + " among " + gauges.keySet());
        }
        return gauge.getAsDouble();
    }

    private static String series(String name, String... tags) {
        return tags.length == 0 ? name : name + "{" + String.join(",", Arrays.asList(tags)) + "}";
    }
}

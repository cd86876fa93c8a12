package org.quicfiles.app.internal.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.regex.Pattern;
import org.quicfiles.api.spi.Meters;

/**
 * The api's {@link Meters} on a Micrometer registry, every name put after a fixed prefix
 * ({@code quicfiles.} for the transport, {@code quicfiles.<plugin>.} for a plugin), so that a plugin
 * cannot publish under the server's or another plugin's names.
 */
public final class RegistryMeters implements Meters {
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*");
    private static final Pattern TAG_KEY = Pattern.compile("[a-z][a-z0-9_]*");

    private final MeterRegistry registry;
    private final String prefix;

    /**
     * @param registry where the meters go
     * @param prefix dotted words put before every name, e.g. {@code quicfiles.files}
     */
    public RegistryMeters(MeterRegistry registry, String prefix) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.prefix = check(prefix) + ".";
    }

    @Override
    public Meters.Counter counter(String name, String description, String... tags) {
        io.micrometer.core.instrument.Counter counter = io.micrometer.core.instrument.Counter
                .builder(prefix + check(name)).description(description).tags(tags(tags))
                .register(registry);
        return amount -> {
            if (amount < 0) {
                throw new IllegalArgumentException("a counter only goes up: " + amount);
            }
            counter.increment(amount);
        };
    }

    @Override
    public Meters.Timer timer(String name, String description, String... tags) {
        io.micrometer.core.instrument.Timer timer = io.micrometer.core.instrument.Timer
                .builder(prefix + check(name)).description(description).tags(tags(tags))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofNanos(100_000))
                .maximumExpectedValue(Duration.ofMinutes(5))
                .register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void gauge(String name, String description, DoubleSupplier value, String... tags) {
        Objects.requireNonNull(value, "value");
        Gauge.builder(prefix + check(name), value::getAsDouble).description(description).tags(tags(tags))
                .strongReference(true).register(registry);
    }

    private static String check(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a meter name is dotted lower-case words (e.g. deleter.runs), not '"
                    + name + "'");
        }
        return name;
    }

    private static String[] tags(String[] tags) {
        if (tags.length % 2 != 0) {
            throw new IllegalArgumentException("tags are key/value pairs; got " + tags.length + " strings");
        }
        for (int index = 0; index < tags.length; index += 2) {
            if (tags[index] == null || !TAG_KEY.matcher(tags[index]).matches() || tags[index + 1] == null) {
                throw new IllegalArgumentException("bad tag " + tags[index] + "=" + tags[index + 1]);
            }
        }
        return tags;
    }
}

package org.quicfiles.load.driver;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What to run: {@code connections} × {@code streams} workers, each doing {@code op} in a loop
 * until {@code duration} has passed or {@code count} operations were started (whichever comes
 * first), after {@code warmup} unrecorded operations per worker.
 *
 * @param connections connections to open (for HTTP and TCP: groups of sockets)
 * @param streams concurrent operations per connection
 * @param op what each worker does
 * @param sizes file sizes in bytes; worker {@code w}'s {@code n}-th op uses {@code sizes[(w + n) % len]}
 * @param duration the longest measured phase
 * @param count the most measured operations in total
 * @param warmup unrecorded operations per worker before measuring
 * @param verify whether every download is compared byte by byte with what was seeded
 */
public record Workload(int connections, int streams, Op op, List<Long> sizes, Duration duration, long count,
                       int warmup, boolean verify) {
    /** Checks the fields. */
    public Workload {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(duration, "duration");
        sizes = List.copyOf(sizes);
        if (connections < 1 || streams < 1) {
            throw new IllegalArgumentException("connections and streams must be at least 1");
        }
        if (sizes.isEmpty() || sizes.stream().anyMatch(s -> s < 1)) {
            throw new IllegalArgumentException("sizes must be positive and not empty");
        }
        if (count < 1 || duration.isNegative() || duration.isZero() || warmup < 0) {
            throw new IllegalArgumentException("count and duration must be positive, warmup not negative");
        }
    }

    /** Concurrent workers in all. */
    public int workers() {
        return connections * streams;
    }

    /** {@code CxS op sizes}, e.g. {@code 16x8 mix 1MB}: how reports name the workload. */
    public String describe() {
        return connections + "x" + streams + " " + op.name().toLowerCase(Locale.ROOT) + " "
                + sizes.stream().map(Sizes::format).collect(Collectors.joining(","));
    }

    /** The size worker {@code worker} uses for its {@code n}-th operation. */
    long sizeFor(int worker, long n) {
        return sizes.get((int) ((worker + n) % sizes.size()));
    }
}

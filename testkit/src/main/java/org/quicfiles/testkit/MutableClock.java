package org.quicfiles.testkit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;

/**
 * A UTC {@link Clock} that only moves when the test says so, so expiry and scheduling can be
 * tested without sleeping. Safe to read from other threads.
 */
public final class MutableClock extends Clock {
    /** The instant a {@link TestServerContext} clock starts at unless told otherwise. */
    public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

    private volatile Instant now;

    /** A clock standing at {@code start}. */
    public MutableClock(Instant start) {
        this.now = Objects.requireNonNull(start, "start");
    }

    /** Moves the clock forward (or back, for a negative duration). */
    public void advance(Duration duration) {
        now = now.plus(duration);
    }

    /** Puts the clock at {@code instant}. */
    public void set(Instant instant) {
        now = Objects.requireNonNull(instant, "instant");
    }

    /** The current time in unix seconds, as the plugins store it. */
    public long epochSecond() {
        return now.getEpochSecond();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}

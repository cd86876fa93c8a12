package org.quicfiles.endpoints.files.internal;

import java.time.Duration;
import java.util.OptionalLong;
import org.quicfiles.api.Config;

/**
 * The plugin's configuration (keys of the {@code files.} section, prefix removed).
 *
 * @param maxSize the largest upload in bytes ({@code max-size})
 * @param maxTtlSeconds the longest time to live ({@code max-ttl}), at least {@link #MIN_TTL_SECONDS}
 * @param compatIds whether uploads get random decimal ids instead of content ids ({@code compat-ids})
 * @param deleteExpired whether the background deleter runs ({@code delete-expired})
 * @param deletePeriod how often it runs ({@code delete-period})
 */
record FilesSettings(long maxSize, long maxTtlSeconds, boolean compatIds, boolean deleteExpired,
                     Duration deletePeriod) {
    /** The shortest time to live the protocol allows. */
    static final long MIN_TTL_SECONDS = 30;
    static final long DEFAULT_MAX_SIZE = 10_223_616;
    static final Duration DEFAULT_MAX_TTL = Duration.ofDays(14);
    static final Duration DEFAULT_DELETE_PERIOD = Duration.ofSeconds(10);

    /** Checks the values; a bad one is an {@link IllegalArgumentException} naming the key. */
    FilesSettings {
        if (maxSize < 1) {
            throw new IllegalArgumentException("max-size: must be at least 1, is " + maxSize);
        }
        if (maxTtlSeconds < MIN_TTL_SECONDS) {
            throw new IllegalArgumentException("max-ttl: must be at least 30s, is " + maxTtlSeconds + "s");
        }
        if (deletePeriod.isNegative() || deletePeriod.isZero()) {
            throw new IllegalArgumentException("delete-period: must be positive, is " + deletePeriod);
        }
    }

    /** Every key {@link #from(Config)} reads, relative to {@code files.}; declared by the provider. */
    static final java.util.Set<String> KEYS = java.util.Set.of("max-size", "max-ttl", "compat-ids", "delete-expired",
            "delete-period");

    /** Reads the settings, with the protocol's defaults for absent keys. */
    static FilesSettings from(Config config) {
        return new FilesSettings(
                config.getLong("max-size", DEFAULT_MAX_SIZE),
                config.getDuration("max-ttl", DEFAULT_MAX_TTL).toSeconds(),
                config.getBoolean("compat-ids", false),
                config.getBoolean("delete-expired", true),
                config.getDuration("delete-period", DEFAULT_DELETE_PERIOD));
    }

    /** The time to live to grant for a requested one: absent means the maximum; clamped to [30 s, max]. */
    long clampTtl(OptionalLong requestedSeconds) {
        if (requestedSeconds.isEmpty()) {
            return maxTtlSeconds;
        }
        return Math.clamp(requestedSeconds.getAsLong(), MIN_TTL_SECONDS, maxTtlSeconds);
    }
}

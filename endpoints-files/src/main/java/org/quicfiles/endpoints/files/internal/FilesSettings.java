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
 * @param infoCache how old a row's copy may be and still answer {@code file_info} at once
 *     ({@code info-cache}; zero: every {@code file_info} asks the database, the default on a
 *     shared PostgreSQL database; decision note 0193)
 */
record FilesSettings(long maxSize, long maxTtlSeconds, boolean compatIds, boolean deleteExpired,
                     Duration deletePeriod, Duration infoCache) {
    /** The shortest time to live the protocol allows. */
    static final long MIN_TTL_SECONDS = 30;
    static final long DEFAULT_MAX_SIZE = 10_223_616;
    static final Duration DEFAULT_MAX_TTL = Duration.ofDays(14);
    static final Duration DEFAULT_DELETE_PERIOD = Duration.ofSeconds(10);
    static final Duration DEFAULT_INFO_CACHE = Duration.ofSeconds(1);

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
        if (infoCache.isNegative() || infoCache.compareTo(Duration.ofMinutes(1)) > 0) {
            throw new IllegalArgumentException("info-cache: must be between 0s and 1m, is " + infoCache);
        }
    }

    /** Every key {@link #from(Config)} reads, relative to {@code files.}; declared by the provider. */
    static final java.util.Set<String> KEYS = java.util.Set.of("max-size", "max-ttl", "compat-ids", "delete-expired",
            "delete-period", "info-cache");

    /** Reads the settings for the embedded SQLite database; see {@link #from(Config, boolean)}. */
    static FilesSettings from(Config config) {
        return from(config, false);
    }

    /**
     * Reads the settings, with the protocol's defaults for absent keys. {@code info-cache} defaults
     * to off on a database other front ends share: there one front end's extend must be seen by
     * the others at once (decision note 0193).
     */
    static FilesSettings from(Config config, boolean sharedDatabase) {
        return new FilesSettings(
                config.getLong("max-size", DEFAULT_MAX_SIZE),
                config.getDuration("max-ttl", DEFAULT_MAX_TTL).toSeconds(),
                config.getBoolean("compat-ids", false),
                config.getBoolean("delete-expired", true),
                config.getDuration("delete-period", DEFAULT_DELETE_PERIOD),
                config.getDuration("info-cache", sharedDatabase ? Duration.ZERO : DEFAULT_INFO_CACHE));
    }

    /** The time to live to grant for a requested one: absent means the maximum; clamped to [30 s, max]. */
    long clampTtl(OptionalLong requestedSeconds) {
        if (requestedSeconds.isEmpty()) {
            return maxTtlSeconds;
        }
        return Math.clamp(requestedSeconds.getAsLong(), MIN_TTL_SECONDS, maxTtlSeconds);
    }
}

package org.quicfiles.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Configuration as flat {@code key = value} text, already merged by the server from its sources
 * (flags over environment variables over the config file over defaults). Keys are dotted, e.g.
 * {@code files.max-size}; {@link #section(String)} gives a plugin the keys under its own prefix.
 *
 * <p>Typed getters throw {@link IllegalArgumentException} with a one-line message naming the key
 * when a value does not parse.
 *
 * @param values the keys and values, copied; keys and values are not null
 *
 * @since 0.1.0 (api version 1)
 */
public record Config(Map<String, String> values) {
    /** Copies the map into key order. */
    public Config {
        values = Map.copyOf(new TreeMap<>(values));
    }

    /** An empty configuration. */
    public static Config empty() {
        return new Config(Map.of());
    }

    /** The keys under {@code prefix + "."}, with that prefix removed. */
    public Config section(String prefix) {
        String dotted = prefix + ".";
        Map<String, String> inner = new TreeMap<>();
        values.forEach((key, value) -> {
            if (key.startsWith(dotted)) {
                inner.put(key.substring(dotted.length()), value);
            }
        });
        return new Config(inner);
    }

    /** The value of {@code key}, if set. */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(Objects.requireNonNull(key)));
    }

    /** The value of {@code key}, or {@code fallback}. */
    public String get(String key, String fallback) {
        return get(key).orElse(fallback);
    }

    /** The value of {@code key} as a long (digits, optionally with a K, M or G binary suffix). */
    public long getLong(String key, long fallback) {
        return get(key).map(text -> parseLong(key, text)).orElse(fallback);
    }

    /** The value of {@code key} as an int. */
    public int getInt(String key, int fallback) {
        long value = getLong(key, fallback);
        if (value != (int) value) {
            throw new IllegalArgumentException(key + ": " + value + " is out of range");
        }
        return (int) value;
    }

    /** The value of {@code key} as a boolean ({@code true}/{@code false}, {@code yes}/{@code no}, {@code 1}/{@code 0}). */
    public boolean getBoolean(String key, boolean fallback) {
        return get(key).map(text -> switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw new IllegalArgumentException(key + ": '" + text + "' is not a boolean");
        }).orElse(fallback);
    }

    /**
     * The value of {@code key} as a duration: a number with a unit {@code ms}, {@code s}, {@code m},
     * {@code h} or {@code d} (seconds when no unit), or an ISO-8601 duration such as {@code PT30S}.
     */
    public Duration getDuration(String key, Duration fallback) {
        return get(key).map(text -> parseDuration(key, text)).orElse(fallback);
    }

    private static long parseLong(String key, String text) {
        String trimmed = text.trim();
        long multiplier = 1;
        char last = trimmed.isEmpty() ? ' ' : Character.toUpperCase(trimmed.charAt(trimmed.length() - 1));
        switch (last) {
            case 'K' -> multiplier = 1L << 10;
            case 'M' -> multiplier = 1L << 20;
            case 'G' -> multiplier = 1L << 30;
            default -> {
            }
        }
        if (multiplier != 1) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            return Math.multiplyExact(Long.parseLong(trimmed.replace("_", "")), multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException(key + ": '" + text + "' is not a number");
        }
    }

    private static Duration parseDuration(String key, String text) {
        String trimmed = text.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (trimmed.startsWith("p")) {
                return Duration.parse(trimmed.toUpperCase(java.util.Locale.ROOT));
            }
            int split = 0;
            while (split < trimmed.length() && Character.isDigit(trimmed.charAt(split))) {
                split++;
            }
            long amount = Long.parseLong(trimmed.substring(0, split));
            return switch (trimmed.substring(split)) {
                case "ms" -> Duration.ofMillis(amount);
                case "", "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                case "d" -> Duration.ofDays(amount);
                default -> throw new IllegalArgumentException(key + ": '" + text + "' has an unknown unit");
            };
        } catch (RuntimeException e) {
            if (e instanceof IllegalArgumentException && e.getMessage() != null && e.getMessage().startsWith(key)) {
                throw e;
            }
            throw new IllegalArgumentException(key + ": '" + text + "' is not a duration (e.g. 30s, 10m, 14d)");
        }
    }
}

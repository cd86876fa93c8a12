package org.quicfiles.app.internal.logging;

import ch.qos.logback.classic.Level;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.quicfiles.api.Config;
import org.quicfiles.app.internal.config.ConfigException;
import org.quicfiles.app.internal.config.ConfigKeys;

/**
 * What the {@code server.log-*} keys ask for, checked: levels, format, file and rotation.
 *
 * @param levels the root level under {@link #ROOT}, then per-logger levels, in the order given
 * @param format text or JSON lines
 * @param file the log file; empty for stderr
 * @param maxFileSize bytes after which the file is rotated
 * @param fileCount rotated files kept beside the live one (1 to {@value #MAX_FILE_COUNT})
 */
public record LogSettings(Map<String, Level> levels, Format format, Optional<Path> file, long maxFileSize,
                          int fileCount) {
    /** The key of the root level in {@link #levels()}. */
    public static final String ROOT = "";
    /** Logback's fixed-window rolling keeps at most this many files. */
    public static final int MAX_FILE_COUNT = 20;
    /** The default level of every logger. */
    public static final String DEFAULT_LEVEL = "info";
    /** The default size at which the log file rotates. */
    public static final long DEFAULT_MAX_FILE_SIZE = 10L << 20;
    /** The default number of rotated files kept. */
    public static final int DEFAULT_FILE_COUNT = 5;

    /** How each line is written. */
    public enum Format {
        /** {@code 2026-12-06T11:50:00.123+01:00 INFO logger: message}. */
        TEXT,
        /** One JSON object per line (Logback's {@code JsonEncoder}). */
        JSON
    }

    /** Info to stderr as text: what the server logs before (or without) its configuration. */
    public static LogSettings defaults() {
        return new LogSettings(Map.of(ROOT, Level.INFO), Format.TEXT, Optional.empty(), DEFAULT_MAX_FILE_SIZE,
                DEFAULT_FILE_COUNT);
    }

    /**
     * Reads and checks the keys.
     *
     * @param config the merged configuration
     * @param origins where each key was set, for the message
     * @throws ConfigException naming the key and its origin when a value is bad
     */
    public static LogSettings from(Config config, Map<String, String> origins) throws ConfigException {
        Map<String, Level> levels = parseLevels(config.get(ConfigKeys.LOG_LEVEL, DEFAULT_LEVEL),
                where(ConfigKeys.LOG_LEVEL, origins));
        String formatName = config.get(ConfigKeys.LOG_FORMAT, "text").strip().toLowerCase(Locale.ROOT);
        Format format = switch (formatName) {
            case "text" -> Format.TEXT;
            case "json" -> Format.JSON;
            default -> throw new ConfigException(where(ConfigKeys.LOG_FORMAT, origins) + ": must be text or json, is '"
                    + formatName + "'");
        };
        Optional<Path> file = config.get(ConfigKeys.LOG_FILE).filter(name -> !name.isBlank()).map(Path::of);
        long size = number(ConfigKeys.LOG_FILE_SIZE, () -> config.getLong(ConfigKeys.LOG_FILE_SIZE, DEFAULT_MAX_FILE_SIZE),
                origins);
        long count = number(ConfigKeys.LOG_FILE_COUNT, () -> config.getLong(ConfigKeys.LOG_FILE_COUNT, DEFAULT_FILE_COUNT),
                origins);
        if (size < 1024) {
            throw new ConfigException(where(ConfigKeys.LOG_FILE_SIZE, origins) + ": must be at least 1K, is " + size);
        }
        if (count < 1 || count > MAX_FILE_COUNT) {
            throw new ConfigException(where(ConfigKeys.LOG_FILE_COUNT, origins) + ": must be 1 to " + MAX_FILE_COUNT
                    + ", is " + count);
        }
        return new LogSettings(levels, format, file, size, (int) count);
    }

    /**
     * Parses {@code info}, {@code debug,quicfiles.access=off}, {@code warn,org.quicfiles.transport=debug}:
     * an entry without {@code =} is the root level.
     */
    static Map<String, Level> parseLevels(String text, String where) throws ConfigException {
        Map<String, Level> levels = new LinkedHashMap<>();
        levels.put(ROOT, Level.INFO);
        for (String entry : text.split(",")) {
            String item = entry.strip();
            if (item.isEmpty()) {
                continue;
            }
            int equals = item.indexOf('=');
            String logger = equals < 0 ? ROOT : item.substring(0, equals).strip();
            String name = (equals < 0 ? item : item.substring(equals + 1)).strip();
            if (equals >= 0 && !logger.matches("[A-Za-z0-9_$.-]+")) {
                throw new ConfigException(where + ": '" + item + "' does not name a logger (LOGGER=LEVEL)");
            }
            levels.put(logger, level(name, where));
        }
        return levels;
    }

    private static Level level(String name, String where) throws ConfigException {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "trace", "all", "finest", "finer" -> Level.TRACE;
            case "debug", "fine" -> Level.DEBUG;
            case "info" -> Level.INFO;
            case "warn", "warning" -> Level.WARN;
            case "error" -> Level.ERROR;
            case "off" -> Level.OFF;
            default -> throw new ConfigException(where + ": unknown level '" + name
                    + "'; use trace, debug, info, warn, error or off, or LOGGER=LEVEL");
        };
    }

    private static long number(String key, java.util.function.LongSupplier read, Map<String, String> origins)
            throws ConfigException {
        try {
            return read.getAsLong();
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where(key, origins) + e.getMessage().substring(key.length()));
        }
    }

    private static String where(String key, Map<String, String> origins) {
        return key + " (" + origins.getOrDefault(key, "configuration") + ")";
    }
}

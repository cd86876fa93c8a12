package org.quicfiles.app.internal.config;

import java.time.Duration;
import org.quicfiles.api.Config;

/**
 * Checks the values of the keys the application's flags set, whatever source they came from, so
 * that a bad value stops the server before anything starts, with one line naming the key.
 */
public final class ConfigCheck {
    private ConfigCheck() {
    }

    /**
     * Checks the known keys of {@code config}.
     *
     * @throws ConfigException naming the first bad key
     */
    public static void validate(Config config) throws ConfigException {
        try {
            config.get(ConfigKeys.PORT).ifPresent(text -> {
                try {
                    port(ConfigKeys.PORT, text);
                } catch (ConfigException e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
            });
            if (config.get(ConfigKeys.ADDRESS).map(String::isBlank).orElse(false)) {
                throw new IllegalArgumentException(ConfigKeys.ADDRESS + ": empty address");
            }
            positive(config, ConfigKeys.MAX_STREAMS, config.getInt(ConfigKeys.MAX_STREAMS, 1));
            positive(config, ConfigKeys.MAX_SIZE, config.getLong(ConfigKeys.MAX_SIZE, 1));
            positive(config, ConfigKeys.IDLE_TIMEOUT, config.getDuration(ConfigKeys.IDLE_TIMEOUT, Duration.ofSeconds(1)).toMillis());
            positive(config, ConfigKeys.MAX_TTL, config.getDuration(ConfigKeys.MAX_TTL, Duration.ofSeconds(1)).toSeconds());
            positive(config, ConfigKeys.DELETE_PERIOD, config.getDuration(ConfigKeys.DELETE_PERIOD, Duration.ofSeconds(1)).toMillis());
            config.getBoolean(ConfigKeys.ZERO_RTT, true);
            config.getBoolean(ConfigKeys.COMPAT_IDS, false);
            config.getBoolean(ConfigKeys.DELETE_EXPIRED, true);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * Parses a port number.
     *
     * @throws ConfigException if it is not 0 to 65535
     */
    static int port(String where, String text) throws ConfigException {
        try {
            int port = Integer.parseInt(text.strip());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException(where + ": '" + text + "' is not a port (0 to 65535)");
    }

    private static void positive(Config config, String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(key + ": '" + config.get(key, "") + "' must be positive");
        }
    }
}

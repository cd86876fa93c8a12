package org.quicfiles.app.internal.config;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Maps {@code QUICFILES_…} environment variables to configuration keys: after the prefix, the first
 * {@code _} separates the section, a double {@code __} is a further dot, and any other {@code _} is a
 * dash. So {@code QUICFILES_FILES_MAX_SIZE} is {@code files.max-size},
 * {@code QUICFILES_SERVER_DATA_DIR} is {@code server.data-dir} and
 * {@code QUICFILES_STORAGE_URING__QUEUE_DEPTH} is {@code storage.uring.queue-depth}.
 * {@link #CONFIG_FILE_VARIABLE} names the config file and is not a key.
 */
public final class EnvironmentConfig {
    /** The prefix of every variable read. */
    public static final String PREFIX = "QUICFILES_";
    /** The variable that names a config file when {@code --config} is not given. */
    public static final String CONFIG_FILE_VARIABLE = "QUICFILES_CONFIG";

    private EnvironmentConfig() {
    }

    /**
     * The configuration keys set by {@code environment}.
     *
     * @throws ConfigException if a {@code QUICFILES_} variable does not map to a valid key
     */
    public static Map<String, String> from(Map<String, String> environment) throws ConfigException {
        Map<String, String> values = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            if (!name.startsWith(PREFIX) || name.equals(CONFIG_FILE_VARIABLE)) {
                continue;
            }
            String key = keyOf(name);
            ConfigKeys.requireValidKey(key, "environment variable " + name);
            values.put(key, variable.getValue().strip());
        }
        return values;
    }

    /** The key a variable maps to (not validated). */
    static String keyOf(String variable) {
        String rest = variable.substring(PREFIX.length()).toLowerCase(Locale.ROOT);
        int split = rest.indexOf('_');
        if (split < 0) {
            return rest;
        }
        String section = rest.substring(0, split);
        String inner = rest.substring(split + 1).replace("__", ".").replace('_', '-');
        return section + "." + inner;
    }

    /** The variable that sets {@code key}, for messages and documentation. */
    public static String variableOf(String key) {
        int split = key.indexOf('.');
        String section = key.substring(0, split);
        String inner = key.substring(split + 1).replace(".", "__").replace('-', '_');
        return (PREFIX + section + "_" + inner).toUpperCase(Locale.ROOT);
    }
}

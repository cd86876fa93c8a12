package org.quicfiles.app.internal.config;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps {@code QUICFILES_…} environment variables to configuration keys: after the prefix, the first
 * {@code _} separates the section, a double {@code __} is a further dot, and any other {@code _} is a
 * dash. So {@code QUICFILES_FILES_MAX_SIZE} is {@code files.max-size},
 * {@code QUICFILES_SERVER_DATA_DIR} is {@code server.data-dir} and
 * {@code QUICFILES_STORAGE_URING__QUEUE_DEPTH} is {@code storage.uring.queue-depth}.
 *
 * <p>Variables that belong to the launcher or the command rather than to the configuration are
 * never read as keys: {@link #LAUNCHER_VARIABLES} ({@code QUICFILES_CONFIG} names the config file,
 * {@code QUICFILES_DEBUG} turns on stack traces, {@code QUICFILES_JAVA_OPTS} holds JVM options for
 * {@code bin/quicfiles}), and any {@code QUICFILES_NAME} with no {@code _} after the prefix, which
 * has no section and so cannot be a key.
 */
public final class EnvironmentConfig {
    /** The prefix of every variable read. */
    public static final String PREFIX = "QUICFILES_";
    /** The variable that names a config file when {@code --config} is not given. */
    public static final String CONFIG_FILE_VARIABLE = "QUICFILES_CONFIG";
    /** The variable that makes failures print their stack trace. */
    public static final String DEBUG_VARIABLE = "QUICFILES_DEBUG";
    /** The launcher's JVM options ({@code bin/quicfiles}). */
    public static final String JAVA_OPTS_VARIABLE = "QUICFILES_JAVA_OPTS";
    /** Variables of the launcher and the command, never configuration keys. */
    public static final Set<String> LAUNCHER_VARIABLES = Set.of(CONFIG_FILE_VARIABLE, DEBUG_VARIABLE,
            JAVA_OPTS_VARIABLE);

    private EnvironmentConfig() {
    }

    /**
     * The configuration keys set by {@code environment}, each with its variable as origin.
     *
     * @throws ConfigException if a {@code QUICFILES_SECTION_…} variable does not map to a valid key
     */
    public static Map<String, Setting> from(Map<String, String> environment) throws ConfigException {
        Map<String, Setting> values = new TreeMap<>();
        for (Map.Entry<String, String> variable : environment.entrySet()) {
            String name = variable.getKey();
            if (!isConfiguration(name)) {
                continue;
            }
            String key = keyOf(name);
            String origin = "environment variable " + name;
            ConfigKeys.requireValidKey(key, origin);
            values.put(key, new Setting(variable.getValue().strip(), origin));
        }
        return values;
    }

    /** Whether {@code name} is read as a configuration key. */
    static boolean isConfiguration(String name) {
        return name.startsWith(PREFIX) && !LAUNCHER_VARIABLES.contains(name)
                && name.indexOf('_', PREFIX.length()) > PREFIX.length();
    }

    /** Whether {@code environment} asks for stack traces ({@code QUICFILES_DEBUG} set and not {@code 0}). */
    public static boolean debug(Map<String, String> environment) {
        String value = environment.get(DEBUG_VARIABLE);
        return value != null && !value.isBlank() && !value.strip().equals("0");
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

package org.quicfiles.app.internal.config;

import java.util.Map;
import java.util.TreeMap;
import org.quicfiles.api.Config;

/**
 * Merges configuration sources by precedence: flags over environment over file over defaults.
 *
 * @param defaults the application's defaults
 * @param file the config file's keys (empty without a file)
 * @param environment the keys from {@code QUICFILES_…} variables
 * @param flags the keys set on the command line (named flags and {@code --set})
 */
public record ConfigLayers(Map<String, String> defaults, Map<String, String> file,
                           Map<String, String> environment, Map<String, String> flags) {
    /** Copies the maps. */
    public ConfigLayers {
        defaults = Map.copyOf(defaults);
        file = Map.copyOf(file);
        environment = Map.copyOf(environment);
        flags = Map.copyOf(flags);
    }

    /** The merged configuration. */
    public Config merge() {
        Map<String, String> merged = new TreeMap<>(defaults);
        merged.putAll(file);
        merged.putAll(environment);
        merged.putAll(flags);
        return new Config(merged);
    }
}

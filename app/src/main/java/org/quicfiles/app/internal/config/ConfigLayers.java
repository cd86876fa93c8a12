package org.quicfiles.app.internal.config;

import java.util.Map;
import java.util.TreeMap;
import org.quicfiles.api.Config;

/**
 * Merges configuration sources by precedence: flags over environment over file over defaults, and
 * remembers where each winning value came from so that an error can name its source.
 *
 * @param defaults the application's defaults
 * @param file the config file's keys (empty without a file)
 * @param environment the keys from {@code QUICFILES_…} variables
 * @param flags the keys set on the command line (named flags and {@code --set})
 */
public record ConfigLayers(Map<String, String> defaults, Map<String, Setting> file,
                           Map<String, Setting> environment, Map<String, Setting> flags) {
    /** The origin of a value that only the defaults set. */
    public static final String DEFAULT = "default";

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
        for (Map<String, Setting> layer : java.util.List.of(file, environment, flags)) {
            layer.forEach((key, setting) -> merged.put(key, setting.value()));
        }
        return new Config(merged);
    }

    /** Where each key of {@link #merge()} came from ({@link #DEFAULT} for defaults). */
    public Map<String, String> origins() {
        Map<String, String> origins = new TreeMap<>();
        defaults.keySet().forEach(key -> origins.put(key, DEFAULT));
        for (Map<String, Setting> layer : java.util.List.of(file, environment, flags)) {
            layer.forEach((key, setting) -> origins.put(key, setting.origin()));
        }
        return origins;
    }
}

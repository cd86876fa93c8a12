package org.quicfiles.app.cli;

import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.quicfiles.api.Config;
import org.quicfiles.app.internal.config.ConfigException;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.ConfigLayers;
import org.quicfiles.app.internal.logging.LogSettings;
import org.quicfiles.app.internal.logging.Logging;

/**
 * What {@code serve} does on SIGHUP (decision note 0416): reads the configuration sources again
 * (the config file is the one that can have changed), applies the keys that can change live and
 * logs one line naming them and the changed keys that need a restart. A configuration that does
 * not parse, or a bad live value, is logged in one line and the running configuration is kept.
 */
final class ConfigReload {
    /** The keys applied without a restart. */
    static final Set<String> LIVE_KEYS = Set.of(ConfigKeys.LOG_LEVEL);

    /** Reads the sources again. */
    @FunctionalInterface
    interface Sources {
        ConfigLayers read() throws ConfigException;
    }

    private final Sources sources;
    private final System.Logger log;
    private Config current;

    ConfigReload(Sources sources, Config current, System.Logger log) {
        this.sources = sources;
        this.current = current;
        this.log = log;
    }

    /** One reload; never throws. */
    synchronized void run() {
        ConfigLayers layers;
        Config next;
        LogSettings logSettings;
        try {
            layers = sources.read();
            next = layers.merge();
            logSettings = LogSettings.from(next, layers.origins());
        } catch (ConfigException | RuntimeException e) {
            log.log(System.Logger.Level.WARNING, "configuration not reloaded (SIGHUP), the running one is kept: "
                    + e.getMessage());
            return;
        }
        Set<String> changed = new TreeSet<>();
        Set<String> keys = new TreeSet<>(current.values().keySet());
        keys.addAll(next.values().keySet());
        for (String key : keys) {
            if (!Objects.equals(current.values().get(key), next.values().get(key))) {
                changed.add(key);
            }
        }
        Set<String> applied = new TreeSet<>(changed);
        applied.retainAll(LIVE_KEYS);
        Set<String> restart = new TreeSet<>(changed);
        restart.removeAll(LIVE_KEYS);
        if (applied.contains(ConfigKeys.LOG_LEVEL)) {
            Logging.setLevels(logSettings.levels());
        }
        // only the live keys take the new value: the others still run with the old one
        Map<String, String> kept = new java.util.TreeMap<>(current.values());
        for (String key : applied) {
            next.get(key).ifPresentOrElse(value -> kept.put(key, value), () -> kept.remove(key));
        }
        current = new Config(kept);
        log.log(System.Logger.Level.INFO, line(applied, restart, next));
    }

    static String line(Set<String> applied, Set<String> restart, Config next) {
        if (applied.isEmpty() && restart.isEmpty()) {
            return "configuration reloaded (SIGHUP): nothing changed";
        }
        StringBuilder line = new StringBuilder("configuration reloaded (SIGHUP):");
        if (!applied.isEmpty()) {
            line.append(" applied ");
            line.append(String.join(", ", applied.stream()
                    .map(key -> key + "=" + next.get(key).orElse("(default)")).toList()));
            line.append(restart.isEmpty() ? "" : ";");
        }
        if (!restart.isEmpty()) {
            // names only: a value may be a secret
            line.append(" changed but need a restart (still running with the old values): ")
                    .append(String.join(", ", restart));
        }
        return line.toString();
    }
}

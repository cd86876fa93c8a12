package org.quicfiles.app.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.quicfiles.api.Config;
import org.quicfiles.app.internal.config.ConfigException;
import org.quicfiles.app.internal.config.ConfigFile;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.ConfigLayers;
import org.quicfiles.app.internal.config.EnvironmentConfig;
import org.quicfiles.app.internal.config.Setting;
import picocli.CommandLine.Option;

/** The options {@code serve} and {@code plugins} share: where the config, data and plugins are. */
public final class ServerOptions {
    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file of 'key = value' lines (default: $QUICFILES_CONFIG, else none).")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default: ./data).")
    Path data;

    @Option(names = "--plugins", paramLabel = "DIR", description = "Plugins folder (default: <installation>/plugins).")
    Path plugins;

    @Option(names = {"-D", "--set"}, paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "Sets any configuration key, e.g. -D files.max-size=20M (repeatable).")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The origin of keys set with {@code -D}/{@code --set}. */
    static final String SET_FLAG = "-D/--set";

    /**
     * Merges defaults, the config file, the environment and the flags.
     *
     * @param environment the process environment
     * @param flags the keys the subcommand's own flags set
     * @throws ConfigException if a source is malformed
     */
    Config merge(Map<String, String> environment, Map<String, Setting> flags) throws ConfigException {
        return layers(environment, flags).merge();
    }

    /**
     * The configuration sources, to merge and to name the origin of each key.
     *
     * @param environment the process environment
     * @param flags the keys the subcommand's own flags set, each with its flag
     * @throws ConfigException if a source is malformed
     */
    ConfigLayers layers(Map<String, String> environment, Map<String, Setting> flags) throws ConfigException {
        Map<String, String> defaults = Map.of(
                ConfigKeys.DATA_DIR, ConfigKeys.DEFAULT_DATA_DIR,
                ConfigKeys.PLUGINS_DIR, InstallationHome.pluginsDirectory().toString(),
                ConfigKeys.ADDRESS, ConfigKeys.DEFAULT_ADDRESS,
                ConfigKeys.PORT, Integer.toString(ConfigKeys.DEFAULT_PORT));
        Optional<Path> file = Optional.ofNullable(configFile)
                .or(() -> Optional.ofNullable(environment.get(EnvironmentConfig.CONFIG_FILE_VARIABLE))
                        .filter(name -> !name.isBlank()).map(Path::of));
        Map<String, Setting> fileValues = file.isPresent() ? ConfigFile.read(file.get()) : Map.of();
        Map<String, Setting> flagValues = new LinkedHashMap<>();
        for (Map.Entry<String, String> setting : settings.entrySet()) {
            ConfigKeys.requireValidKey(setting.getKey(), SET_FLAG);
            flagValues.put(setting.getKey(), new Setting(setting.getValue(), SET_FLAG));
        }
        if (data != null) {
            flagValues.put(ConfigKeys.DATA_DIR, new Setting(data.toString(), "--data"));
        }
        if (plugins != null) {
            flagValues.put(ConfigKeys.PLUGINS_DIR, new Setting(plugins.toString(), "--plugins"));
        }
        flagValues.putAll(flags);
        return new ConfigLayers(defaults, fileValues, EnvironmentConfig.from(environment), flagValues);
    }
}

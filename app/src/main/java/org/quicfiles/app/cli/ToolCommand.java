package org.quicfiles.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.spi.ToolProvider;
import org.quicfiles.api.Config;
import org.quicfiles.app.StartupException;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.plugins.LoadedPlugin;
import org.quicfiles.app.internal.plugins.PluginCatalog;
import org.quicfiles.app.internal.plugins.PluginLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Unmatched;

/**
 * Runs an operator tool that a plugin provides as a {@link ToolProvider}: {@code quicfiles NAME ARGS…}
 * (for instance {@code quicfiles token import stats.json}) is {@code quicfiles tool NAME ARGS…}. The
 * tool gets its own arguments followed by {@code --database JDBC-URL}, the server's metadata database,
 * and its exit code becomes the command's.
 */
@Command(name = "tool", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs a plugin's operator tool: quicfiles tool NAME ARGS... (or quicfiles NAME ARGS...).",
        footer = {"", "The tool receives ARGS followed by --database JDBC-URL of the server's database."})
public final class ToolCommand implements Callable<Integer> {
    static final String NAME = "tool";

    @ParentCommand
    QuicFilesCommand parent;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ServerOptions server;

    @Unmatched
    List<String> words = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Config config = server.merge(parent.environment(), Map.of());
        Path folder = Path.of(config.get(ConfigKeys.PLUGINS_DIR).orElseThrow());
        if (!Files.isDirectory(folder)) {
            throw new StartupException("plugins folder " + folder + " does not exist");
        }
        PluginCatalog catalog = PluginLoader.forApplication(ToolCommand.class).load(folder);
        List<String> available = catalog.loaded().stream().flatMap(plugin -> plugin.tools().keySet().stream()).sorted().toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("missing tool name; plugin tools in " + folder + ": " + names(available));
        }
        String name = words.getFirst();
        ToolProvider tool = find(catalog, name).orElseThrow(() -> new Cli.UsageException(
                "unknown command '" + name + "': neither built in nor a tool of a plugin in " + folder
                        + " (plugin tools: " + names(available) + ")" + suggestion(name, available)));
        Path data = Path.of(config.get(ConfigKeys.DATA_DIR, ConfigKeys.DEFAULT_DATA_DIR));
        if (!Files.isDirectory(data)) {
            // refuse rather than create an empty database somewhere a typo pointed at
            throw new StartupException("data folder " + data + " does not exist (pass --data, or start the server once)");
        }
        List<String> arguments = new ArrayList<>(words.subList(1, words.size()));
        arguments.add("--database");
        arguments.add("jdbc:sqlite:" + data.resolve(ConfigKeys.DATABASE_FILE).toAbsolutePath());
        return tool.run(parent.out(), parent.err(), arguments.toArray(String[]::new));
    }

    private static Optional<ToolProvider> find(PluginCatalog catalog, String name) {
        return catalog.loaded().stream().map(LoadedPlugin::tools).map(tools -> tools.get(name))
                .filter(tool -> tool != null).findFirst();
    }

    /** {@code ; did you mean put?} when a built-in command or a tool is a slip away from {@code name}. */
    private String suggestion(String name, List<String> tools) {
        List<String> candidates = new ArrayList<>(tools);
        if (spec != null && spec.parent() != null) {
            candidates.addAll(spec.parent().subcommands().keySet());
        }
        candidates.remove(NAME);
        return candidates.stream()
                .filter(candidate -> org.quicfiles.app.internal.config.KnownKeys.distance(name, candidate)
                        <= Math.max(1, name.length() / 3))
                .min(java.util.Comparator.comparingInt((String candidate)
                        -> org.quicfiles.app.internal.config.KnownKeys.distance(name, candidate))
                        .thenComparing(java.util.Comparator.naturalOrder()))
                .map(candidate -> "; did you mean " + candidate + "?").orElse("");
    }

    private static String names(List<String> tools) {
        return tools.isEmpty() ? "none" : String.join(", ", tools);
    }
}

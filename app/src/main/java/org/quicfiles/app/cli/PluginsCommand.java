package org.quicfiles.app.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.quicfiles.api.Config;
import org.quicfiles.app.StartupException;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.plugins.LoadedPlugin;
import org.quicfiles.app.internal.plugins.PluginCatalog;
import org.quicfiles.app.internal.plugins.PluginLoader;
import org.quicfiles.app.internal.plugins.SkippedPlugin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code quicfiles plugins}: lists the plugins the server would load, and what it would skip and why,
 * without starting anything. Exits with 1 when two plugins claim one name (the server would refuse to start).
 */
@Command(name = "plugins", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lists the plugins found in the plugins folder, what they serve, and what is skipped and why.")
public final class PluginsCommand implements Callable<Integer> {
    @ParentCommand
    QuicFilesCommand parent;

    @Mixin
    ServerOptions server;

    @Override
    public Integer call() throws Exception {
        Config config = server.merge(parent.environment(), Map.of());
        Path folder = Path.of(config.get(ConfigKeys.PLUGINS_DIR).orElseThrow());
        if (!Files.isDirectory(folder)) {
            throw new StartupException("plugins folder " + folder + " does not exist");
        }
        PluginCatalog catalog = PluginLoader.forApplication(PluginsCommand.class).load(folder);
        PrintWriter out = parent.out();
        out.println("plugins folder " + folder.toAbsolutePath().normalize());
        for (LoadedPlugin plugin : catalog.loaded()) {
            out.println("plugin " + plugin.name() + " " + plugin.version() + " from " + plugin.sourceName()
                    + ": commands " + list(plugin.streamCommands()) + "; endpoints " + list(plugin.requestEndpoints())
                    + (plugin.tools().isEmpty() ? "" : "; tools " + list(plugin.tools().keySet())));
        }
        for (SkippedPlugin skipped : catalog.skipped()) {
            out.println(skipped.describe());
        }
        for (String conflict : catalog.conflicts()) {
            out.println("conflict: " + conflict);
        }
        out.flush();
        return catalog.conflicts().isEmpty() ? 0 : 1;
    }

    private static String list(Set<String> names) {
        return names.isEmpty() ? "(none)" : String.join(", ", names);
    }
}

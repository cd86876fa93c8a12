package org.quicfiles.app.internal.runtime;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.app.StartupException;
import org.quicfiles.app.internal.config.OneLine;
import org.quicfiles.app.internal.plugins.LoadedPlugin;

/**
 * The plugins that started, with their endpoints. A plugin whose {@code create()} throws stops the
 * start (the plugins already started are closed again): it is almost always a bad value in the
 * plugin's section, which the operator must fix rather than run without the plugin. A plugin that
 * serves other names than it declared is broken: it stops the start too, unless broken plugins are
 * to be skipped, in which case it is reported in one line and left out.
 */
public final class StartedPlugins implements AutoCloseable {
    /** Makes the context of one plugin. */
    @FunctionalInterface
    public interface ContextFactory {
        /** The context for {@code plugin}. */
        ServerContext contextFor(LoadedPlugin plugin) throws IOException;
    }

    private final List<LoadedPlugin> plugins;
    private final List<Endpoints> endpoints;
    private final Consumer<String> report;

    private StartedPlugins(List<LoadedPlugin> plugins, List<Endpoints> endpoints, Consumer<String> report) {
        this.plugins = plugins;
        this.endpoints = endpoints;
        this.report = report;
    }

    /**
     * Starts each plugin in order.
     *
     * @param candidates the loaded, clash-free plugins
     * @param contexts makes each plugin's context
     * @param report receives one line per plugin (started or skipped)
     * @param skipBroken whether a plugin serving other names than declared is skipped rather than fatal
     * @param describeFailure turns a {@code create()} failure of a plugin into one line (naming
     *        the key and its origin where it can)
     * @throws StartupException if a plugin cannot start
     */
    public static StartedPlugins start(List<LoadedPlugin> candidates, ContextFactory contexts, Consumer<String> report,
                                       boolean skipBroken, BiFunction<LoadedPlugin, Throwable, String> describeFailure)
            throws StartupException {
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<Endpoints> endpoints = new ArrayList<>();
        for (LoadedPlugin plugin : candidates) {
            Endpoints created;
            try {
                created = plugin.provider().create(contexts.contextFor(plugin));
                if (created == null) {
                    throw new IllegalStateException("create() returned null");
                }
            } catch (Exception | LinkageError e) {
                new StartedPlugins(plugins, endpoints, report).close();
                throw new StartupException("plugin '" + plugin.name() + "' (" + plugin.sourceName() + ") cannot start: "
                        + describeFailure.apply(plugin, e), e);
            }
            String mismatch = mismatch(plugin, created);
            if (mismatch != null) {
                closeQuietly(plugin, created, report);
                String line = "plugin " + plugin.sourceName() + ": plugin '" + plugin.name() + "' " + mismatch;
                if (!skipBroken) {
                    new StartedPlugins(plugins, endpoints, report).close();
                    throw new StartupException("refusing to start with broken " + line
                            + " (remove it, or start with --skip-broken-plugins)");
                }
                report.accept("skipped " + line);
                continue;
            }
            plugins.add(plugin);
            endpoints.add(created);
            report.accept("started plugin " + plugin.name() + " " + plugin.version() + " from " + plugin.sourceName()
                    + " (commands " + plugin.streamCommands() + ", endpoints " + plugin.requestEndpoints() + ")");
        }
        return new StartedPlugins(List.copyOf(plugins), List.copyOf(endpoints), report);
    }

    private static String mismatch(LoadedPlugin plugin, Endpoints created) {
        if (!created.streamCommands().keySet().equals(Set.copyOf(plugin.streamCommands()))) {
            return "declares stream commands " + plugin.streamCommands() + " but serves "
                    + new TreeSet<>(created.streamCommands().keySet());
        }
        if (!created.requestEndpoints().keySet().equals(Set.copyOf(plugin.requestEndpoints()))) {
            return "declares request endpoints " + plugin.requestEndpoints() + " but serves "
                    + new TreeSet<>(created.requestEndpoints().keySet());
        }
        return null;
    }

    /** The started plugins. */
    public List<LoadedPlugin> plugins() {
        return plugins;
    }

    /** A router over the started plugins' endpoints. */
    public EndpointRouter router() {
        return EndpointRouter.of(endpoints);
    }

    /** Runs every plugin's {@code onClose}, last started first; failures are reported, not thrown. */
    @Override
    public void close() {
        for (int index = endpoints.size() - 1; index >= 0; index--) {
            closeQuietly(plugins.get(index), endpoints.get(index), report);
        }
    }

    private static void closeQuietly(LoadedPlugin plugin, Endpoints endpoints, Consumer<String> report) {
        try {
            endpoints.onClose().close();
        } catch (Exception | LinkageError e) {
            report.accept("plugin '" + plugin.name() + "' failed to close: " + OneLine.of(e));
        }
    }
}

package org.quicfiles.app.internal.plugins;

import java.io.IOException;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Collectors;
import org.quicfiles.api.ApiVersion;
import org.quicfiles.api.spi.EndpointProvider;
import org.quicfiles.app.internal.config.OneLine;

/**
 * Loads the endpoint plugins of a plugins folder. Every {@code *.jar} file and every sub-folder
 * (a plugin with its own library jars) is one plugin source and gets its own module layer, whose
 * configuration is resolved with the plugin's finder <em>after</em> the parent's modules: a module
 * the parent already has (the api, the application, a shared library) is always the parent's. Only
 * providers defined in the plugin's own layer are kept. Whatever goes wrong with one source is
 * reported in one line and does not affect the others.
 */
public final class PluginLoader {
    private static final Pattern PLUGIN_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern CONFIG_KEY = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)*");

    private final ModuleLayer parent;
    private final ClassLoader parentLoader;

    /**
     * @param parent the layer plugins resolve against (the application's)
     * @param parentLoader the parent class loader of each plugin's loader
     */
    public PluginLoader(ModuleLayer parent, ClassLoader parentLoader) {
        this.parent = Objects.requireNonNull(parent, "parent");
        this.parentLoader = parentLoader;
    }

    /** A loader whose parent is the layer of the given class (the boot layer when it is not in a named layer). */
    public static PluginLoader forApplication(Class<?> application) {
        ModuleLayer layer = application.getModule().getLayer();
        return new PluginLoader(layer == null ? ModuleLayer.boot() : layer, application.getClassLoader());
    }

    /**
     * Loads every plugin source in {@code folder}, in file name order.
     *
     * @throws IOException if the folder cannot be listed
     */
    public PluginCatalog load(Path folder) throws IOException {
        List<LoadedPlugin> loaded = new ArrayList<>();
        List<SkippedPlugin> skipped = new ArrayList<>();
        for (Path source : sources(folder)) {
            try {
                loaded.addAll(loadSource(source));
            } catch (PluginException e) {
                skipped.add(new SkippedPlugin(source, e.getMessage()));
            }
        }
        return new PluginCatalog(loaded, skipped, NameClashes.find(loaded));
    }

    private static List<Path> sources(Path folder) throws IOException {
        List<Path> sources = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(entry) || name.endsWith(".jar")) {
                    sources.add(entry);
                }
            }
        }
        sources.sort(null);
        return sources;
    }

    private List<LoadedPlugin> loadSource(Path source) throws PluginException {
        ModuleLayer layer = defineLayer(source);
        List<LoadedPlugin> plugins = new ArrayList<>();
        List<ServiceLoader.Provider<EndpointProvider>> providers;
        try {
            providers = ServiceLoader.load(layer, EndpointProvider.class).stream()
                    .filter(provider -> provider.type().getModule().getLayer() == layer)
                    .toList();
        } catch (ServiceConfigurationError | LinkageError e) {
            throw new PluginException("bad provider declaration: " + oneLine(e));
        }
        if (providers.isEmpty()) {
            throw new PluginException("no module in it provides " + EndpointProvider.class.getName());
        }
        Map<String, ToolProvider> tools = toolsOf(layer);
        for (ServiceLoader.Provider<EndpointProvider> provider : providers) {
            LoadedPlugin plugin = check(provider, source);
            // a source's tools are listed once, with its first provider
            plugins.add(plugins.isEmpty() ? withTools(plugin, tools) : plugin);
        }
        return plugins;
    }

    private static Map<String, ToolProvider> toolsOf(ModuleLayer layer) throws PluginException {
        Map<String, ToolProvider> tools = new LinkedHashMap<>();
        try {
            for (ServiceLoader.Provider<ToolProvider> handle : ServiceLoader.load(layer, ToolProvider.class).stream()
                    .filter(provider -> provider.type().getModule().getLayer() == layer).toList()) {
                ToolProvider tool = handle.get();
                if (!PLUGIN_NAME.matcher(tool.name()).matches() || tools.putIfAbsent(tool.name(), tool) != null) {
                    throw new PluginException("tool " + handle.type().getName() + " has an invalid or repeated name '"
                            + tool.name() + "'");
                }
            }
        } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
            throw new PluginException("bad tool provider: " + oneLine(rootOf(e)));
        }
        return tools;
    }

    private static LoadedPlugin withTools(LoadedPlugin plugin, Map<String, ToolProvider> tools) {
        return new LoadedPlugin(plugin.provider(), plugin.source(), plugin.version(), plugin.streamCommands(),
                plugin.requestEndpoints(), tools);
    }

    private ModuleLayer defineLayer(Path source) throws PluginException {
        try {
            ModuleFinder finder = ModuleFinder.of(source);
            Set<String> roots = finder.findAll().stream()
                    .map(ModuleReference::descriptor)
                    .map(ModuleDescriptor::name)
                    .collect(Collectors.toCollection(TreeSet::new));
            if (roots.isEmpty()) {
                throw new PluginException("no module found");
            }
            Configuration configuration = parent.configuration().resolveAndBind(ModuleFinder.of(), finder, roots);
            return parent.defineModulesWithOneLoader(configuration, parentLoader);
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            // FindException (bad descriptor, missing dependency), ResolutionException,
            // LayerInstantiationException (package clash), SecurityException
            throw new PluginException(oneLine(e));
        }
    }

    private static LoadedPlugin check(ServiceLoader.Provider<EndpointProvider> handle, Path source)
            throws PluginException {
        String type = handle.type().getName();
        try {
            EndpointProvider provider = handle.get();
            String name = provider.name();
            if (name == null || !PLUGIN_NAME.matcher(name).matches()) {
                throw new PluginException(type + " has an invalid name '" + name
                        + "' (lower-case letters, digits, '-' and '_')");
            }
            int apiVersion = provider.apiVersion();
            if (apiVersion > ApiVersion.CURRENT) {
                throw new PluginException("plugin '" + name + "' needs api version " + apiVersion
                        + ", this server has api version " + ApiVersion.CURRENT);
            }
            if (apiVersion < ApiVersion.CURRENT) {
                // api 2 changed RequestEndpoint and StreamExchange: an older plugin cannot link, so it
                // is refused here, before any of its code runs, instead of failing half-started
                throw new PluginException("plugin '" + name + "' was built for api version " + apiVersion
                        + ", this server has api version " + ApiVersion.CURRENT + "; rebuild it against api "
                        + ApiVersion.CURRENT);
            }
            Set<String> commands = Objects.requireNonNull(provider.streamCommands(), "streamCommands()");
            Set<String> endpoints = Objects.requireNonNull(provider.requestEndpoints(), "requestEndpoints()");
            for (String key : Objects.requireNonNull(provider.configKeys(), "configKeys()")) {
                if (!CONFIG_KEY.matcher(key).matches()) {
                    throw new PluginException("plugin '" + name + "' declares an invalid configuration key '" + key
                            + "' (relative to its section, e.g. max-size)");
                }
            }
            String version = handle.type().getModule().getDescriptor().rawVersion().orElse("unversioned");
            return new LoadedPlugin(provider, source, version, commands, endpoints);
        } catch (PluginException e) {
            throw e;
        } catch (RuntimeException | ServiceConfigurationError | LinkageError e) {
            throw new PluginException(type + " failed: " + oneLine(rootOf(e)));
        }
    }

    private static Throwable rootOf(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    /**
     * Why a plugin failed, on one line: the loader's own reasons as they are, anything else with
     * its type ({@link OneLine}).
     */
    public static String oneLine(Throwable failure) {
        return failure instanceof PluginException ? OneLine.message(failure) : OneLine.of(failure);
    }

    /** Why a plugin source is skipped. */
    static final class PluginException extends Exception {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        PluginException(String message) {
            super(message);
        }
    }
}

package org.quicfiles.app.internal.runtime;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.Meters;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.api.spi.ServerContext.SqlDialect;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.api.spi.TransportProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.app.StartupException;
import org.quicfiles.app.internal.config.ConfigErrors;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.ListenAddress;
import org.quicfiles.app.internal.config.OneLine;
import org.quicfiles.app.internal.data.DataFolder;
import org.quicfiles.app.internal.db.MetadataDatabase;
import org.quicfiles.app.internal.identity.IdentityKey;
import org.quicfiles.app.internal.identity.IdentityKeyFile;
import org.quicfiles.app.internal.memory.MemoryBudget;
import org.quicfiles.app.internal.memory.MemoryKeeper;
import org.quicfiles.app.internal.metrics.AdminServer;
import org.quicfiles.app.internal.metrics.Readiness;
import org.quicfiles.app.internal.metrics.ServerMetrics;
import org.quicfiles.app.internal.plugins.LoadedPlugin;
import org.quicfiles.app.internal.plugins.PluginCatalog;
import org.quicfiles.app.internal.plugins.PluginLoader;

/**
 * Wires a server from what {@code QuicFilesServer.Builder} collected: finds the installed
 * transports and storages and the plugins, checks the configuration against them, chooses one
 * transport and one storage by the same rule ({@link ProviderChoice}), then creates the data folder,
 * identity key, metadata database, blob store, plugins and transport, in that order. Used once.
 */
public final class ServerAssembly {
    private final Config merged;
    private final ConfigErrors errors;
    private final Path dataDir;
    private final Optional<Path> pluginsDirectory;
    private final Clock clock;
    private final Optional<StorageProvider> givenStorage;
    private final Optional<TransportProvider> givenTransport;
    private final Consumer<String> reporter;
    private final boolean keepMetrics;
    /** Lines reported once the data folder and key are good, so that a refusal stays one line. */
    private final List<String> chosenLines = new ArrayList<>();

    /** What the assembly made: the parts a running server holds. */
    public record Assembled(IdentityKey identity, List<AutoCloseable> resources, Transport transport,
                            String storageName, List<String> pluginNames, Optional<ServerMetrics> metrics,
                            Optional<AdminServer> admin) {
    }

    /**
     * @param config the merged configuration
     * @param origins where each key was set; keys without one are named {@code configuration}
     * @param data the data folder, overriding {@code server.data-dir}
     * @param pluginsDirectory the plugins folder, overriding {@code server.plugins-dir}
     * @param clock the clock every plugin uses
     * @param storage a storage provider to use instead of choosing among those installed
     * @param transport a transport provider to use instead of choosing among those installed
     * @param reporter receives the operator's lines
     * @param keepMetrics whether to keep meters without an admin listener
     */
    public ServerAssembly(Map<String, String> config, Map<String, String> origins, Optional<Path> data,
                          Optional<Path> pluginsDirectory, Clock clock, Optional<StorageProvider> storage,
                          Optional<TransportProvider> transport, Consumer<String> reporter, boolean keepMetrics) {
        this.merged = new Config(config);
        Map<String, String> all = new HashMap<>();
        merged.values().keySet().forEach(key -> all.put(key, origins.getOrDefault(key, "configuration")));
        this.errors = new ConfigErrors(all);
        this.dataDir = data.orElseGet(() -> Path.of(merged.get(ConfigKeys.DATA_DIR, ConfigKeys.DEFAULT_DATA_DIR)));
        this.pluginsDirectory = pluginsDirectory.or(() -> merged.get(ConfigKeys.PLUGINS_DIR).map(Path::of));
        this.clock = clock;
        this.givenStorage = storage;
        this.givenTransport = transport;
        this.reporter = reporter;
        this.keepMetrics = keepMetrics;
    }

    /**
     * Assembles and starts the server; on failure closes what it had created, in reverse order.
     *
     * @throws StartupException with a one-line message if the server cannot start
     */
    public Assembled start() throws StartupException {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            return assemble(resources);
        } catch (StartupException | RuntimeException e) {
            closeInReverse(resources);
            throw e;
        }
    }

    /** Closes {@code resources} last to first, logging (not throwing) each failure. */
    public static void closeInReverse(List<AutoCloseable> resources) {
        for (int index = resources.size() - 1; index >= 0; index--) {
            try {
                resources.get(index).close();
            } catch (Exception e) {
                System.getLogger(ServerAssembly.class.getName()).log(System.Logger.Level.WARNING,
                        "failed to close " + resources.get(index), e);
            }
        }
    }

    private Assembled assemble(List<AutoCloseable> resources) throws StartupException {
        // what is installed, and whether the configuration fits it: nothing is created yet
        ModuleLayer layer = ServerAssembly.class.getModule().getLayer();
        List<TransportProvider> transports = installed(ProviderChoice.TRANSPORT, givenTransport, layer);
        List<StorageProvider> storages = installed(ProviderChoice.STORAGE, givenStorage, layer);
        PluginCatalog catalog = loadPlugins();
        StartupChecks.checkKeys(merged, errors, List.of(new StartupChecks.Installed<>(ProviderChoice.TRANSPORT,
                transports), new StartupChecks.Installed<>(ProviderChoice.STORAGE, storages)), catalog.loaded());
        boolean skipBroken = StartupChecks.serverValue(errors, ConfigKeys.SKIP_BROKEN_PLUGINS,
                () -> merged.getBoolean(ConfigKeys.SKIP_BROKEN_PLUGINS, false));
        if (!catalog.skipped().isEmpty() && !skipBroken) {
            throw new StartupException("refusing to start with broken " + catalog.skipped().getFirst().describe()
                    .replaceFirst("^skipped ", "") + " (remove it, or start with --skip-broken-plugins)");
        }
        catalog.skipped().forEach(skipped -> reporter.accept(skipped.describe()));
        if (!catalog.conflicts().isEmpty()) {
            throw new StartupException("refusing to start: " + String.join("; ", catalog.conflicts()));
        }
        // chosen first so that a machine without a usable transport fails before anything starts
        TransportProvider transportProvider = choose(ProviderChoice.TRANSPORT, transports, givenTransport);
        StorageProvider storage = choose(ProviderChoice.STORAGE, storages, givenStorage);
        StartupChecks.requireReadBy(ProviderChoice.TRANSPORT, transportProvider, merged, errors);
        StartupChecks.requireReadBy(ProviderChoice.STORAGE, storage, merged, errors);
        StartupChecks.requirePortFree(merged, errors);
        MetadataDatabase.check(merged, errors);
        Optional<InetSocketAddress> adminAddress = StartupChecks.adminAddress(merged, errors);
        // meters cost start-up time and a little per operation: only when something reads them
        Optional<ServerMetrics> metrics = adminAddress.isPresent() || keepMetrics
                ? Optional.of(new ServerMetrics()) : Optional.empty();
        metrics.ifPresent(resources::add);
        Readiness readiness = new Readiness();
        // bound before anything is created, so that a port in use is one line; ready says 503 until the end
        Optional<AdminServer> admin = startAdmin(adminAddress, metrics, readiness);
        admin.ifPresent(resources::add);
        Config config = sized(transportProvider, storage);

        DataFolder folder = DataFolder.open(dataDir);
        resources.add(folder);
        IdentityKey identity = IdentityKeyFile.loadOrCreate(config.get(ConfigKeys.KEY_FILE).map(Path::of)
                .orElse(dataDir.resolve("key")));
        chosenLines.forEach(reporter);
        admin.ifPresent(listener -> reporter.accept("admin listener on http://" + ListenAddress.format(
                listener.address().getAddress(), listener.address().getPort())
                + " (/metrics, /health/live, /health/ready)"));
        MetadataDatabase database = MetadataDatabase.open(config, errors, dataDir, reporter);
        resources.add(database.closer());

        Path blobs = config.get(ConfigKeys.STORAGE_DIR).map(Path::of).orElse(dataDir.resolve("blobs"));
        DataFolder.createPrivateDirectory(blobs, "storage folder");
        BlobStore store = openStore(storage, new StorageContext(blobs, config.section("storage"),
                System.getLogger("org.quicfiles.storage." + storage.name())));
        resources.add(store);
        readiness.storeOpened(store);

        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemonThreads("quicfiles-scheduler"));
        resources.add(scheduler::shutdownNow);
        if (System.getProperty(MemoryBudget.LAUNCHER_PROPERTY) != null) {
            // the JVM is the server's own (bin/quicfiles): give memory back after load
            resources.add(MemoryKeeper.start(scheduler));
        }
        StartedPlugins started = StartedPlugins.start(catalog.loaded(),
                plugin -> contextFor(plugin, config, store, database, scheduler, metrics), reporter, skipBroken,
                (plugin, failure) -> errors.qualify(plugin.name(), OneLine.of(failure)
                        .replaceFirst("^(IllegalArgumentException|IllegalStateException): ", "")));
        resources.add(started);

        Transport transport = startTransport(transportProvider, new TransportContext(config.section("transport"),
                identity.keyPair(), started.router(), System.getLogger("org.quicfiles.transport."
                + transportProvider.name()), metrics.map(ServerMetrics::transportMeters).orElse(Meters.NONE)));
        resources.add(transport);
        readiness.transportUp();
        resources.add(readiness::stopping); // closed first: not ready from the first moment of shutdown
        return new Assembled(identity, resources, transport, storage.name(),
                started.plugins().stream().map(LoadedPlugin::name).toList(), metrics, admin);
    }

    /** The providers of a kind to choose among: the one the embedder gave, or those installed. */
    private static <P> List<P> installed(ProviderChoice<P> choice, Optional<P> given, ModuleLayer layer)
            throws StartupException {
        return given.isPresent() ? List.of(given.get()) : choice.load(layer);
    }

    /** The embedder's provider as given, or the one {@code choice} picks, reported later with the candidates. */
    private <P> P choose(ProviderChoice<P> choice, List<P> found, Optional<P> given) throws StartupException {
        if (given.isPresent()) {
            return given.get();
        }
        P chosen = choice.choose(found, merged);
        chosenLines.add(choice.kind() + " " + choice.nameOf(chosen) + " chosen among " + choice.describe(found, chosen));
        return chosen;
    }

    /**
     * The configuration with the defaults {@code server.memory} derives for the chosen
     * transport's and storage's budgets; reports the budgets in one line.
     */
    private Config sized(TransportProvider transport, StorageProvider storage) throws StartupException {
        MemoryBudget memory = StartupChecks.serverValue(errors, MemoryBudget.KEY,
                () -> new MemoryBudget(merged.getLong(MemoryBudget.KEY, MemoryBudget.DEFAULT)));
        String origin = merged.get(MemoryBudget.KEY).isPresent()
                ? errors.origins().getOrDefault(MemoryBudget.KEY, "configuration") : "default";
        String launcher = System.getProperty(MemoryBudget.LAUNCHER_PROPERTY);
        if (launcher != null && !launcher.equals(Long.toString(memory.bytes()))) {
            throw new StartupException(MemoryBudget.KEY + " (" + origin + ") is " + MemoryBudget.format(memory.bytes())
                    + " but bin/quicfiles sized the JVM for " + MemoryBudget.format(Long.parseLong(launcher))
                    + ": set it with --memory, QUICFILES_SERVER_MEMORY or a 'server.memory = SIZE' line of the --config file");
        }
        Map<String, String> values = new HashMap<>(merged.values());
        values.putAll(memory.transportDefaults(transport.configKeys(), merged.values().keySet()));
        values.putAll(memory.storageDefaults(storage.configKeys(), merged.values().keySet()));
        boolean sqlite = MetadataDatabase.dialectOf(MetadataDatabase.url(merged)) == SqlDialect.SQLITE;
        if (sqlite) {
            values.putIfAbsent(ConfigKeys.DATABASE_SQLITE_CACHE, Long.toString(memory.sqliteCache()));
        }
        Config sized = new Config(values);
        Map<String, String> inForce = new TreeMap<>();
        if (sqlite) {
            inForce.put(ConfigKeys.DATABASE_SQLITE_CACHE,
                    Long.toString(sized.getLong(ConfigKeys.DATABASE_SQLITE_CACHE, memory.sqliteCache())));
        }
        inForce.putAll(budgetsInForce(sized, "transport", MemoryBudget.TRANSPORT_KEYS, transport.configKeys()));
        inForce.putAll(budgetsInForce(sized, "storage", MemoryBudget.STORAGE_KEYS, storage.configKeys()));
        chosenLines.add(memory.describe(origin, inForce));
        return sized;
    }

    /** The budgets of {@code keys} the provider reads, as they are in {@code config}, in bytes. */
    private static Map<String, String> budgetsInForce(Config config, String section, Set<String> keys,
                                                      Set<String> read) {
        Map<String, String> inForce = new HashMap<>();
        for (String key : keys) {
            if (read.contains(key)) {
                config.get(section + "." + key).ifPresent(value -> inForce.put(section + "." + key,
                        Long.toString(config.getLong(section + "." + key, 0))));
            }
        }
        return inForce;
    }

    private static Optional<AdminServer> startAdmin(Optional<InetSocketAddress> address,
                                                    Optional<ServerMetrics> metrics,
                                                    Readiness readiness) throws StartupException {
        if (address.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(AdminServer.start(address.get(), metrics.orElseThrow(), readiness));
        } catch (IOException e) {
            throw new StartupException("cannot listen on TCP " + ListenAddress.format(address.get().getAddress(),
                    address.get().getPort()) + " for " + ConfigKeys.ADMIN + ": " + e.getMessage()
                    + "; stop what uses it or choose another --admin address", e);
        }
    }

    private ServerContext contextFor(LoadedPlugin plugin, Config config, BlobStore store, MetadataDatabase database,
                                     ScheduledExecutorService scheduler, Optional<ServerMetrics> metrics)
            throws IOException {
        Path pluginData = dataDir.resolve(plugin.name());
        Files.createDirectories(pluginData, DataFolder.privateDirectory());
        return new PluginContext(config.section(plugin.name()), store, database.dataSource(), database.dialect(),
                clock, scheduler, System.getLogger("org.quicfiles.plugin." + plugin.name()), pluginData,
                metrics.map(registry -> registry.pluginMeters(plugin.name())).orElse(Meters.NONE));
    }

    private PluginCatalog loadPlugins() throws StartupException {
        if (pluginsDirectory.isEmpty()) {
            return PluginCatalog.empty();
        }
        Path folder = pluginsDirectory.get();
        if (!Files.isDirectory(folder)) {
            throw new StartupException("plugins folder " + folder + " does not exist");
        }
        try {
            return PluginLoader.forApplication(ServerAssembly.class).load(folder);
        } catch (IOException e) {
            throw new StartupException("cannot list plugins folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private BlobStore openStore(StorageProvider provider, StorageContext context) throws StartupException {
        try {
            BlobStore store = provider.open(context);
            int removed = store.removeLeftovers();
            if (removed > 0) {
                reporter.accept("storage " + provider.name() + " removed " + removed + " unfinished upload"
                        + (removed == 1 ? "" : "s") + " left from a previous run (temporaries only; stored files"
                        + " are untouched)");
            }
            return store;
        } catch (IOException e) {
            throw new StartupException("cannot open storage '" + provider.name() + "' in " + context.directory()
                    + ": " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new StartupException("storage '" + provider.name() + "' cannot start: "
                    + errors.qualify("storage", e.getMessage()), e);
        }
    }

    private Transport startTransport(TransportProvider provider, TransportContext context) throws StartupException {
        try {
            return provider.start(context);
        } catch (IOException | IllegalArgumentException e) {
            throw new StartupException("transport '" + provider.name() + "' cannot start: "
                    + errors.qualify("transport", e.getMessage()), e);
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}

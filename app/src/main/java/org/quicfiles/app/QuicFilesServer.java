package org.quicfiles.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.api.spi.TransportProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.db.SqliteDatabase;
import org.quicfiles.app.internal.identity.IdentityKey;
import org.quicfiles.app.internal.identity.IdentityKeyFile;
import org.quicfiles.app.internal.plugins.LoadedPlugin;
import org.quicfiles.app.internal.plugins.PluginCatalog;
import org.quicfiles.app.internal.plugins.PluginLoader;
import org.quicfiles.app.internal.runtime.PluginContext;
import org.quicfiles.app.internal.runtime.ProviderChoice;
import org.quicfiles.app.internal.runtime.StartedPlugins;

/**
 * A running quicfiles server: identity key, metadata database, blob store, endpoint plugins and
 * transport, started in that order and closed in the reverse order.
 *
 * <pre>{@code
 * try (QuicFilesServer server = QuicFilesServer.builder()
 *         .data(dir).pluginsDirectory(plugins)
 *         .config(Map.of("transport.address", "127.0.0.1", "transport.port", "0"))
 *         .clock(clock).start()) {
 *     connect to server.address(), pin server.publicKey() ...
 * }
 * }</pre>
 */
public final class QuicFilesServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(QuicFilesServer.class.getName());

    private final IdentityKey identity;
    private final List<AutoCloseable> resources;
    private final Transport transport;
    private final String storageName;
    private final List<String> pluginNames;
    private boolean closed;

    private QuicFilesServer(IdentityKey identity, List<AutoCloseable> resources, Transport transport,
                            String storageName, List<String> pluginNames) {
        this.identity = identity;
        this.resources = resources;
        this.transport = transport;
        this.storageName = storageName;
        this.pluginNames = pluginNames;
    }

    /** A builder with no plugins folder, the system UTC clock and log-only reports. */
    public static Builder builder() {
        return new Builder();
    }

    /** The address the transport is bound to, with the real port. */
    public InetSocketAddress address() {
        return transport.localAddress();
    }

    /** The server's 32-byte Ed25519 public key. */
    public byte[] publicKey() {
        return identity.publicKey();
    }

    /** The public key in lower-case hex, as clients pin it. */
    public String publicKeyHex() {
        return identity.publicKeyHex();
    }

    /** The transport's description, e.g. {@code quic/epoll}. */
    public String transportDescription() {
        return transport.describe();
    }

    /** The name of the storage provider in use. */
    public String storageName() {
        return storageName;
    }

    /** The names of the plugins that started. */
    public List<String> plugins() {
        return pluginNames;
    }

    /**
     * The one line printed when the server is ready, e.g.
     * {@code quicfiles ready on 0.0.0.0:11235 (quic/epoll, storage nio) key 3f…}.
     */
    public String readyLine() {
        InetSocketAddress address = address();
        return "quicfiles ready on " + address.getAddress().getHostAddress() + ":" + address.getPort()
                + " (" + transportDescription() + ", storage " + storageName + ") key " + publicKeyHex();
    }

    /** Stops the transport, then the plugins, the scheduler, the store and the database. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAll(resources);
    }

    private static void closeAll(List<AutoCloseable> resources) {
        for (int index = resources.size() - 1; index >= 0; index--) {
            try {
                resources.get(index).close();
            } catch (Exception e) {
                LOG.log(System.Logger.Level.WARNING, "failed to close " + resources.get(index), e);
            }
        }
    }

    /** Collects what the server needs; {@link #start()} builds it. Not thread-safe. */
    public static final class Builder {
        private Path data;
        private Path pluginsDirectory;
        private final Map<String, String> config = new HashMap<>();
        private Clock clock = Clock.systemUTC();
        private StorageProvider storageProvider;
        private TransportProvider transportProvider;
        private Consumer<String> reporter = line -> LOG.log(System.Logger.Level.INFO, line);

        private Builder() {
        }

        /** The data folder; overrides {@code server.data-dir}. Default {@code ./data}. */
        public Builder data(Path directory) {
            this.data = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The plugins folder; overrides {@code server.plugins-dir}. Without either, no plugin is loaded. */
        public Builder pluginsDirectory(Path directory) {
            this.pluginsDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** Adds configuration keys (e.g. {@code transport.port}, {@code files.max-size}); later calls win. */
        public Builder config(Map<String, String> values) {
            config.putAll(values);
            return this;
        }

        /** The clock every plugin uses. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Uses this storage provider instead of choosing among those {@link ServiceLoader} finds. */
        public Builder storageProvider(StorageProvider provider) {
            this.storageProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** Uses this transport provider instead of choosing among those {@link ServiceLoader} finds. */
        public Builder transportProvider(TransportProvider provider) {
            this.transportProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** Receives the operator's lines: providers chosen, plugins started or skipped. Default: the log. */
        public Builder reporter(Consumer<String> reporter) {
            this.reporter = Objects.requireNonNull(reporter, "reporter");
            return this;
        }

        /**
         * Starts the server; returns once the transport accepts connections.
         *
         * @throws StartupException with a one-line message if it cannot start
         * @throws IllegalArgumentException if a configuration value does not parse
         */
        public QuicFilesServer start() throws StartupException {
            Config merged = new Config(config);
            Path dataDir = data != null ? data : Path.of(merged.get(ConfigKeys.DATA_DIR, ConfigKeys.DEFAULT_DATA_DIR));
            Optional<Path> plugins = Optional.ofNullable(pluginsDirectory)
                    .or(() -> merged.get(ConfigKeys.PLUGINS_DIR).map(Path::of));
            List<AutoCloseable> resources = new ArrayList<>();
            try {
                return assemble(merged, dataDir, plugins, resources);
            } catch (StartupException | RuntimeException e) {
                closeAll(resources);
                throw e;
            }
        }

        private QuicFilesServer assemble(Config merged, Path dataDir, Optional<Path> plugins,
                                         List<AutoCloseable> resources) throws StartupException {
            createDirectory(dataDir, "data folder");
            IdentityKey identity = IdentityKeyFile.loadOrCreate(merged.get(ConfigKeys.KEY_FILE).map(Path::of)
                    .orElse(dataDir.resolve("key")));

            // chosen first so that a machine without a usable transport fails before anything starts
            TransportProvider transportProvider = chooseTransport(merged);
            SqliteDatabase database = openDatabase(dataDir.resolve(ConfigKeys.DATABASE_FILE));
            resources.add(database);

            StorageProvider storage = chooseStorage(merged);
            Path blobs = merged.get(ConfigKeys.STORAGE_DIR).map(Path::of).orElse(dataDir.resolve("blobs"));
            createDirectory(blobs, "storage folder");
            BlobStore store = openStore(storage, new StorageContext(blobs, merged.section("storage"),
                    System.getLogger("org.quicfiles.storage." + storage.name())));
            resources.add(store);

            PluginCatalog catalog = loadPlugins(plugins);
            catalog.skipped().forEach(skipped -> reporter.accept(skipped.describe()));
            if (!catalog.conflicts().isEmpty()) {
                throw new StartupException("refusing to start: " + String.join("; ", catalog.conflicts()));
            }
            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemonThreads("quicfiles-scheduler"));
            resources.add(scheduler::shutdownNow);
            StartedPlugins started = StartedPlugins.start(catalog.loaded(),
                    plugin -> contextFor(plugin, merged, store, database, scheduler, dataDir), reporter);
            resources.add(started);

            Transport transport = startTransport(transportProvider, new TransportContext(merged.section("transport"),
                    identity.keyPair(), started.router(), System.getLogger("org.quicfiles.transport."
                    + transportProvider.name())));
            resources.add(transport);
            return new QuicFilesServer(identity, resources, transport, storage.name(),
                    started.plugins().stream().map(LoadedPlugin::name).toList());
        }

        private ServerContext contextFor(LoadedPlugin plugin, Config merged, BlobStore store, SqliteDatabase database,
                                         ScheduledExecutorService scheduler, Path dataDir) throws IOException {
            Path pluginData = dataDir.resolve(plugin.name());
            Files.createDirectories(pluginData);
            return new PluginContext(merged.section(plugin.name()), store, database, ServerContext.SqlDialect.SQLITE,
                    clock, scheduler, System.getLogger("org.quicfiles.plugin." + plugin.name()), pluginData);
        }

        private PluginCatalog loadPlugins(Optional<Path> folder) throws StartupException {
            if (folder.isEmpty()) {
                return PluginCatalog.empty();
            }
            if (!Files.isDirectory(folder.get())) {
                throw new StartupException("plugins folder " + folder.get() + " does not exist");
            }
            try {
                return PluginLoader.forApplication(QuicFilesServer.class).load(folder.get());
            } catch (IOException e) {
                throw new StartupException("cannot list plugins folder " + folder.get() + ": " + e.getMessage(), e);
            }
        }

        private StorageProvider chooseStorage(Config merged) throws StartupException {
            if (storageProvider != null) {
                return storageProvider;
            }
            ProviderChoice<StorageProvider> choice = new ProviderChoice<>("storage", StorageProvider::name,
                    StorageProvider::isUsable, StorageProvider::priority);
            List<StorageProvider> found = load(StorageProvider.class);
            StorageProvider chosen = choice.choose(found, merged.get(ConfigKeys.STORAGE_PROVIDER));
            reporter.accept("storage " + chosen.name() + " chosen among " + choice.describe(found));
            return chosen;
        }

        private TransportProvider chooseTransport(Config merged) throws StartupException {
            if (transportProvider != null) {
                return transportProvider;
            }
            ProviderChoice<TransportProvider> choice = new ProviderChoice<>("transport", TransportProvider::name,
                    TransportProvider::isUsable, TransportProvider::priority, TransportProvider::unusableReason);
            List<TransportProvider> found = load(TransportProvider.class);
            TransportProvider chosen = choice.choose(found, merged.get(ConfigKeys.TRANSPORT_PROVIDER));
            reporter.accept("transport " + chosen.name() + " chosen among " + choice.describe(found));
            return chosen;
        }

        private static <S> List<S> load(Class<S> service) throws StartupException {
            ModuleLayer layer = QuicFilesServer.class.getModule().getLayer();
            try {
                ServiceLoader<S> loader = layer == null ? ServiceLoader.load(service) : ServiceLoader.load(layer, service);
                return loader.stream().map(ServiceLoader.Provider::get).toList();
            } catch (java.util.ServiceConfigurationError e) {
                throw new StartupException("cannot load a " + service.getSimpleName() + ": "
                        + PluginLoader.oneLine(e), e);
            }
        }

        private static SqliteDatabase openDatabase(Path file) throws StartupException {
            try {
                return SqliteDatabase.open(file);
            } catch (SQLException e) {
                throw new StartupException("cannot open database " + file + ": " + e.getMessage(), e);
            }
        }

        private BlobStore openStore(StorageProvider provider, StorageContext context) throws StartupException {
            try {
                BlobStore store = provider.open(context);
                int removed = store.removeLeftovers();
                if (removed > 0) {
                    reporter.accept("storage removed " + removed + " unfinished uploads left from a previous run");
                }
                return store;
            } catch (IOException e) {
                throw new StartupException("cannot open storage '" + provider.name() + "' in " + context.directory()
                        + ": " + e.getMessage(), e);
            }
        }

        private static Transport startTransport(TransportProvider provider, TransportContext context)
                throws StartupException {
            try {
                return provider.start(context);
            } catch (IOException e) {
                throw new StartupException("transport '" + provider.name() + "' cannot start: " + e.getMessage(), e);
            }
        }

        private static void createDirectory(Path directory, String what) throws StartupException {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new StartupException("cannot create " + what + " " + directory + ": " + e.getMessage(), e);
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
}

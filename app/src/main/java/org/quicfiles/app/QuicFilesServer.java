package org.quicfiles.app;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
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
import javax.sql.DataSource;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.api.spi.TransportProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.app.internal.config.ConfigErrors;
import org.quicfiles.app.internal.config.ConfigException;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.KnownKeys;
import org.quicfiles.app.internal.config.ListenAddress;
import org.quicfiles.app.internal.data.DataFolder;
import org.quicfiles.app.internal.db.PostgresDatabase;
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
        return "quicfiles ready on " + ListenAddress.format(address.getAddress(), address.getPort())
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
        private final Map<String, String> origins = new HashMap<>();
        private final List<String> chosenLines = new ArrayList<>();
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
         * Says where each configuration key was set, for the one-line errors (e.g. {@code --max-ttl},
         * {@code environment variable QUICFILES_FILES_MAX_SIZE}, {@code quicfiles.conf:3}); keys
         * without an origin are named {@code configuration}. Later calls win.
         */
        public Builder origins(Map<String, String> originByKey) {
            origins.putAll(originByKey);
            return this;
        }

        /**
         * Starts the server; returns once the transport accepts connections. Nothing is created
         * before the configuration is checked against the keys every provider found declares, the
         * plugins folder is loaded, and the listen port is found free; then the data folder is
         * created (0700) and locked for the life of the server.
         *
         * @throws StartupException with a one-line message if it cannot start: an unknown key, a
         *         bad value (naming the key and where it was set), a broken plugin (unless
         *         {@code server.skip-broken-plugins}), a data folder another server holds, a port in use
         */
        public QuicFilesServer start() throws StartupException {
            Config merged = new Config(config);
            ConfigErrors errors = new ConfigErrors(originsOf(merged));
            Path dataDir = data != null ? data : Path.of(merged.get(ConfigKeys.DATA_DIR, ConfigKeys.DEFAULT_DATA_DIR));
            Optional<Path> plugins = Optional.ofNullable(pluginsDirectory)
                    .or(() -> merged.get(ConfigKeys.PLUGINS_DIR).map(Path::of));
            List<AutoCloseable> resources = new ArrayList<>();
            chosenLines.clear();
            try {
                return assemble(merged, errors, dataDir, plugins, resources);
            } catch (StartupException | RuntimeException e) {
                closeAll(resources);
                throw e;
            }
        }

        private Map<String, String> originsOf(Config merged) {
            Map<String, String> all = new HashMap<>();
            merged.values().keySet().forEach(key -> all.put(key, origins.getOrDefault(key, "configuration")));
            return all;
        }

        private QuicFilesServer assemble(Config merged, ConfigErrors errors, Path dataDir, Optional<Path> plugins,
                                         List<AutoCloseable> resources) throws StartupException {
            // what is installed, and whether the configuration fits it: nothing is created yet
            List<TransportProvider> transports = transportProvider != null ? List.of(transportProvider)
                    : load(TransportProvider.class);
            List<StorageProvider> storages = storageProvider != null ? List.of(storageProvider)
                    : load(StorageProvider.class);
            PluginCatalog catalog = loadPlugins(plugins);
            checkKeys(merged, errors, transports, storages, catalog);
            boolean skipBroken = serverValue(errors, ConfigKeys.SKIP_BROKEN_PLUGINS,
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
            TransportProvider transportProvider = chooseTransport(merged, transports);
            StorageProvider storage = chooseStorage(merged, storages);
            requireReadBy("transport", transportProvider.name(), transportProvider.configKeys(), merged, errors);
            requireReadBy("storage", storage.name(), storage.configKeys(), merged, errors);
            requirePortFree(merged, errors);
            checkDatabaseSettings(merged, errors);

            DataFolder folder = DataFolder.open(dataDir);
            resources.add(folder);
            IdentityKey identity = IdentityKeyFile.loadOrCreate(merged.get(ConfigKeys.KEY_FILE).map(Path::of)
                    .orElse(dataDir.resolve("key")));
            // reported once the folder and the key are good, so that a refusal stays one line
            chosenLines.forEach(reporter);
            Metadata database = openDatabase(merged, errors, dataDir);
            resources.add(database.closer());

            Path blobs = merged.get(ConfigKeys.STORAGE_DIR).map(Path::of).orElse(dataDir.resolve("blobs"));
            DataFolder.createPrivateDirectory(blobs, "storage folder");
            BlobStore store = openStore(storage, new StorageContext(blobs, merged.section("storage"),
                    System.getLogger("org.quicfiles.storage." + storage.name())), errors);
            resources.add(store);

            ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2, daemonThreads("quicfiles-scheduler"));
            resources.add(scheduler::shutdownNow);
            StartedPlugins started = StartedPlugins.start(catalog.loaded(),
                    plugin -> contextFor(plugin, merged, store, database, scheduler, dataDir), reporter, skipBroken,
                    (plugin, failure) -> errors.qualify(plugin.name(), PluginLoader.oneLine(failure)
                            .replaceFirst("^(IllegalArgumentException|IllegalStateException): ", "")));
            resources.add(started);

            Transport transport = startTransport(transportProvider, new TransportContext(merged.section("transport"),
                    identity.keyPair(), started.router(), System.getLogger("org.quicfiles.transport."
                    + transportProvider.name())), errors);
            resources.add(transport);
            return new QuicFilesServer(identity, resources, transport, storage.name(),
                    started.plugins().stream().map(LoadedPlugin::name).toList());
        }

        private static void checkKeys(Config merged, ConfigErrors errors, List<TransportProvider> transports,
                                      List<StorageProvider> storages, PluginCatalog catalog) throws StartupException {
            KnownKeys known = new KnownKeys();
            for (TransportProvider provider : transports) {
                known.addAll("transport", provider.configKeys(), "transport " + provider.name());
            }
            for (StorageProvider provider : storages) {
                known.addAll("storage", provider.configKeys(), "storage " + provider.name());
            }
            for (LoadedPlugin plugin : catalog.loaded()) {
                known.addAll(plugin.name(), plugin.configKeys(), "plugin " + plugin.name());
            }
            try {
                known.check(merged.values().keySet(), errors.origins());
            } catch (ConfigException e) {
                throw new StartupException(e.getMessage(), e);
            }
        }

        /**
         * Refuses a key of {@code section} that another installed provider reads but the chosen one
         * does not (e.g. {@code transport.qlog-dir} with the ngtcp2 transport): it would be ignored.
         */
        private static void requireReadBy(String section, String provider, java.util.Set<String> keys, Config merged,
                                          ConfigErrors errors) throws StartupException {
            for (String key : new java.util.TreeSet<>(merged.values().keySet())) {
                if (key.startsWith(section + ".") && !ConfigKeys.SERVER_KEYS.contains(key)
                        && !keys.contains(key.substring(section.length() + 1))) {
                    throw new StartupException(key + " (" + errors.origins().getOrDefault(key, "configuration")
                            + "): the " + section + " " + provider + " does not read it; choose a " + section
                            + " that does with --" + section + " or remove the setting");
                }
            }
        }

        private static <T> T serverValue(ConfigErrors errors, String key, java.util.function.Supplier<T> read)
                throws StartupException {
            try {
                return read.get();
            } catch (IllegalArgumentException e) {
                throw new StartupException(errors.qualify(key.substring(0, key.indexOf('.')), e.getMessage()), e);
            }
        }

        /**
         * Binds the listen address for a moment, so that a port in use is one line naming the
         * address before the data folder, the key and the database are created. Port 0 is not probed.
         */
        private static void requirePortFree(Config merged, ConfigErrors errors) throws StartupException {
            int port = serverValue(errors, ConfigKeys.PORT, () -> merged.getInt(ConfigKeys.PORT, ConfigKeys.DEFAULT_PORT));
            String host = merged.get(ConfigKeys.ADDRESS, ConfigKeys.DEFAULT_ADDRESS);
            InetAddress address;
            try {
                address = InetAddress.getByName(host);
            } catch (java.net.UnknownHostException e) {
                throw new StartupException(errors.qualify("transport", "address: cannot resolve '" + host + "'"), e);
            }
            if (port == 0) {
                return;
            }
            String where = ListenAddress.format(address, port);
            try (DatagramChannel probe = DatagramChannel.open()) {
                probe.bind(new InetSocketAddress(address, port));
            } catch (java.net.BindException e) {
                throw new StartupException("UDP " + where + " is already in use (another quicfiles?): " + e.getMessage()
                        + "; stop it or choose another --listen address", e);
            } catch (IOException e) {
                throw new StartupException("cannot listen on UDP " + where + ": " + e.getMessage(), e);
            }
        }

        private ServerContext contextFor(LoadedPlugin plugin, Config merged, BlobStore store, Metadata database,
                                         ScheduledExecutorService scheduler, Path dataDir) throws IOException {
            Path pluginData = dataDir.resolve(plugin.name());
            Files.createDirectories(pluginData, DataFolder.privateDirectory());
            return new PluginContext(merged.section(plugin.name()), store, database.dataSource(), database.dialect(),
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

        private StorageProvider chooseStorage(Config merged, List<StorageProvider> found) throws StartupException {
            if (storageProvider != null) {
                return storageProvider;
            }
            ProviderChoice<StorageProvider> choice = new ProviderChoice<>("storage", StorageProvider::name,
                    StorageProvider::isUsable, StorageProvider::priority);
            StorageProvider chosen = choice.choose(found, merged.get(ConfigKeys.STORAGE_PROVIDER));
            chosenLines.add("storage " + chosen.name() + " chosen among " + choice.describe(found));
            return chosen;
        }

        private TransportProvider chooseTransport(Config merged, List<TransportProvider> found)
                throws StartupException {
            if (transportProvider != null) {
                return transportProvider;
            }
            ProviderChoice<TransportProvider> choice = new ProviderChoice<>("transport", TransportProvider::name,
                    TransportProvider::isUsable, TransportProvider::priority, TransportProvider::unusableReason);
            TransportProvider chosen = choice.choose(found, merged.get(ConfigKeys.TRANSPORT_PROVIDER));
            chosenLines.add("transport " + chosen.name() + " chosen among " + choice.describe(found));
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

        /** The metadata database the plugins share, and how to close it. */
        private record Metadata(DataSource dataSource, ServerContext.SqlDialect dialect, AutoCloseable closer) {
        }

        /**
         * The embedded SQLite file in the data folder, or with {@code database.url} a pool of
         * PostgreSQL connections (decision note 0420).
         */
        private Metadata openDatabase(Config merged, ConfigErrors errors, Path dataDir) throws StartupException {
            Optional<String> url = checkDatabaseSettings(merged, errors);
            if (url.isEmpty()) {
                Path file = dataDir.resolve(ConfigKeys.DATABASE_FILE);
                DataFolder.createPrivateFile(file);
                try {
                    SqliteDatabase sqlite = SqliteDatabase.open(file);
                    return new Metadata(sqlite, ServerContext.SqlDialect.SQLITE, sqlite);
                } catch (SQLException e) {
                    throw new StartupException("cannot open database " + file + ": " + e.getMessage(), e);
                }
            }
            String origin = ConfigKeys.DATABASE_URL + " (" + errors.origins().getOrDefault(ConfigKeys.DATABASE_URL,
                    "configuration") + ")";
            String where = PostgresDatabase.withoutParameters(url.get());
            int poolSize = merged.getInt(ConfigKeys.DATABASE_POOL_SIZE, ConfigKeys.DEFAULT_DATABASE_POOL_SIZE);
            try {
                PostgresDatabase postgres = PostgresDatabase.open(url.get(), merged.get(ConfigKeys.DATABASE_USER),
                        merged.get(ConfigKeys.DATABASE_PASSWORD), poolSize);
                reporter.accept("metadata database: PostgreSQL at " + where + " (up to " + poolSize + " connections)");
                return new Metadata(postgres.dataSource(), ServerContext.SqlDialect.POSTGRESQL, postgres);
            } catch (SQLException e) {
                throw new StartupException(origin + ": cannot use PostgreSQL at " + where + ": "
                        + oneLine(e.getMessage()), e);
            }
        }

        /**
         * Checks the database keys before anything is created: the URL's form, the pool size, and
         * no PostgreSQL key without a URL.
         *
         * @return the PostgreSQL URL, or empty for the embedded SQLite database
         */
        private static Optional<String> checkDatabaseSettings(Config merged, ConfigErrors errors)
                throws StartupException {
            Optional<String> url = merged.get(ConfigKeys.DATABASE_URL).filter(value -> !value.isBlank());
            if (url.isEmpty()) {
                for (String key : List.of(ConfigKeys.DATABASE_USER, ConfigKeys.DATABASE_PASSWORD,
                        ConfigKeys.DATABASE_POOL_SIZE)) {
                    if (merged.get(key).isPresent()) {
                        throw new StartupException(key + " (" + errors.origins().getOrDefault(key, "configuration")
                                + ") is read only with " + ConfigKeys.DATABASE_URL + " (--database); the embedded"
                                + " SQLite database has no users or pool");
                    }
                }
                return url;
            }
            if (!url.get().startsWith("jdbc:postgresql:")) {
                throw new StartupException(ConfigKeys.DATABASE_URL + " (" + errors.origins().getOrDefault(
                        ConfigKeys.DATABASE_URL, "configuration") + "): '" + PostgresDatabase.withoutParameters(url.get())
                        + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DATABASE);"
                        + " leave it unset for the embedded SQLite database");
            }
            int poolSize = serverValue(errors, ConfigKeys.DATABASE_POOL_SIZE, () -> merged.getInt(
                    ConfigKeys.DATABASE_POOL_SIZE, ConfigKeys.DEFAULT_DATABASE_POOL_SIZE));
            if (poolSize < 1) {
                throw new StartupException(ConfigKeys.DATABASE_POOL_SIZE + " (" + errors.origins().getOrDefault(
                        ConfigKeys.DATABASE_POOL_SIZE, "configuration") + "): must be at least 1, not " + poolSize);
            }
            return url;
        }

        private static String oneLine(String message) {
            return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").strip();
        }

        private BlobStore openStore(StorageProvider provider, StorageContext context, ConfigErrors errors)
                throws StartupException {
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

        private static Transport startTransport(TransportProvider provider, TransportContext context,
                                                ConfigErrors errors) throws StartupException {
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
}

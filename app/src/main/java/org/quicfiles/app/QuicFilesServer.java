package org.quicfiles.app;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Consumer;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportProvider;
import org.quicfiles.app.internal.config.ListenAddress;
import org.quicfiles.app.internal.identity.IdentityKey;
import org.quicfiles.app.internal.metrics.AdminServer;
import org.quicfiles.app.internal.metrics.ServerMetrics;
import org.quicfiles.app.internal.runtime.ServerAssembly;

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
    private final Optional<ServerMetrics> metrics;
    private final Optional<AdminServer> admin;
    private boolean closed;

    private QuicFilesServer(ServerAssembly.Assembled parts) {
        this.identity = parts.identity();
        this.resources = parts.resources();
        this.transport = parts.transport();
        this.storageName = parts.storageName();
        this.pluginNames = parts.pluginNames();
        this.metrics = parts.metrics();
        this.admin = parts.admin();
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

    /** The admin listener's address ({@code server.admin}), if there is one. */
    public Optional<InetSocketAddress> adminAddress() {
        return admin.map(AdminServer::address);
    }

    /**
     * Counts for a service manager's status line, from the same meters {@code /metrics} shows:
     * {@code 3 connections, 120 files} (files only when the files plugin runs); empty when the
     * server keeps no meters (neither an admin listener nor {@link Builder#keepMetrics}).
     */
    public String statusCounts() {
        if (metrics.isEmpty()) {
            return "";
        }
        long connections = (long) metrics.get().gauge(ServerMetrics.PREFIX + ".connections.open").orElse(0);
        java.util.OptionalDouble files = metrics.get().gauge(ServerMetrics.PREFIX + ".files.count");
        String counts = connections + (connections == 1 ? " connection" : " connections");
        if (files.isPresent()) {
            long stored = (long) files.getAsDouble();
            counts += ", " + stored + (stored == 1 ? " file" : " files");
        }
        return counts;
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
        ServerAssembly.closeInReverse(resources);
    }

    /** Collects what the server needs; {@link #start()} builds it. Not thread-safe. */
    public static final class Builder {
        private Path data;
        private Path pluginsDirectory;
        private final Map<String, String> config = new HashMap<>();
        private final Map<String, String> origins = new HashMap<>();
        private Clock clock = Clock.systemUTC();
        private StorageProvider storageProvider;
        private TransportProvider transportProvider;
        private Consumer<String> reporter = line -> LOG.log(System.Logger.Level.INFO, line);
        private boolean keepMetrics;

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

        /**
         * Keeps the meters even without an admin listener, for {@link #statusCounts()} (a service
         * manager's status line). Default: meters only with {@code server.admin}.
         */
        public Builder keepMetrics(boolean keep) {
            this.keepMetrics = keep;
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
            return new QuicFilesServer(new ServerAssembly(config, origins, Optional.ofNullable(data),
                    Optional.ofNullable(pluginsDirectory), clock, Optional.ofNullable(storageProvider),
                    Optional.ofNullable(transportProvider), reporter, keepMetrics).start());
        }
    }
}

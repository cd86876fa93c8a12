package org.quicfiles.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.api.storage.BlobStore;

/**
 * A real {@link ServerContext} for plugin tests: by default the database {@link TestDatabases}
 * chooses for the test's folder (a SQLite file {@code meta.sqlite} in WAL mode, or with
 * {@code -Dquicfiles.test.database=postgresql} a database on a real PostgreSQL server), reached through a few reused connections as in the server, a {@link MutableClock}, a {@link RecordingLogger}, a
 * single-thread scheduler of its own, and no blob store (one the test gives, or an
 * {@link UnsupportedOperationException} on use). Close it to stop the scheduler and close the
 * kept connections.
 *
 * <pre>{@code
 * try (TestServerContext context = TestServerContext.builder(tempDir)
 *         .config(Map.of("poll-period", "1h")).build()) {
 *     Endpoints endpoints = new MyProvider().create(context);
 *     context.clock().advance(Duration.ofHours(2));
 * }
 * }</pre>
 */
public final class TestServerContext implements ServerContext, AutoCloseable {
    /** Idle connections kept open for reuse by the default data source. */
    private static final int KEPT_CONNECTIONS = 4;

    private final Path dataDirectory;
    private final Config config;
    private final BlobStore blobStore;
    private final DataSource dataSource;
    private final SqlDialect sqlDialect;
    private final MutableClock clock;
    private final RecordingLogger logger;
    private final ScheduledExecutorService scheduler;
    private final boolean ownsScheduler;
    private final ReusedConnections ownConnections;
    private final RecordingMeters meters = new RecordingMeters();

    private TestServerContext(Builder builder) {
        this.dataDirectory = builder.dataDirectory;
        this.config = new Config(builder.config);
        this.blobStore = builder.blobStore;
        TestDatabases.TestDatabase chosen = builder.dataSource != null ? null : TestDatabases.forFolder(dataDirectory);
        this.ownConnections = chosen == null ? null : new ReusedConnections(chosen.dataSource(), KEPT_CONNECTIONS);
        this.dataSource = ownConnections != null ? ownConnections : builder.dataSource;
        this.sqlDialect = chosen != null ? chosen.dialect() : builder.sqlDialect;
        this.clock = builder.clock;
        this.logger = builder.logger;
        this.ownsScheduler = builder.scheduler == null;
        this.scheduler = ownsScheduler ? Executors.newSingleThreadScheduledExecutor() : builder.scheduler;
    }

    /** A builder whose context keeps its files (and by default its database) in {@code dataDirectory}. */
    public static Builder builder(Path dataDirectory) {
        return new Builder(dataDirectory);
    }

    /**
     * A builder starting from this context's parts (the same database, clock, logger, scheduler,
     * blob store and folder), e.g. to start a plugin again with other settings. The new context
     * owns neither the scheduler nor the connections: closing it leaves this one's working.
     */
    public Builder toBuilder() {
        Builder builder = new Builder(dataDirectory)
                .dataSource(dataSource, sqlDialect)
                .clock(clock)
                .logger(logger)
                .scheduler(scheduler);
        builder.blobStore = blobStore;
        builder.config.putAll(config.values());
        return builder;
    }

    @Override
    public Config config() {
        return config;
    }

    /** @throws UnsupportedOperationException if the test gave no blob store */
    @Override
    public BlobStore blobStore() {
        if (blobStore == null) {
            throw new UnsupportedOperationException("this test context has no blob store");
        }
        return blobStore;
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public SqlDialect sqlDialect() {
        return sqlDialect;
    }

    /** The clock, which the test moves. */
    @Override
    public MutableClock clock() {
        return clock;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** The meters, which keep what the plugin counts for the test to read. */
    @Override
    public RecordingMeters meters() {
        return meters;
    }

    /** The logger, which keeps every line for the test to read. */
    @Override
    public RecordingLogger logger() {
        return logger;
    }

    @Override
    public Path dataDirectory() {
        return dataDirectory;
    }

    /** Stops the scheduler and closes the kept connections, if this context made them. */
    @Override
    public void close() {
        if (ownsScheduler) {
            scheduler.shutdownNow();
        }
        if (ownConnections != null) {
            try {
                ownConnections.close();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot close the test database's connections", e);
            }
        }
    }

    /** Chooses the parts of a {@link TestServerContext}; every part has a default. */
    public static final class Builder {
        private final Path dataDirectory;
        private final Map<String, String> config = new LinkedHashMap<>();
        private BlobStore blobStore;
        private DataSource dataSource;
        private SqlDialect sqlDialect = SqlDialect.SQLITE;
        private MutableClock clock = new MutableClock(MutableClock.DEFAULT_START);
        private RecordingLogger logger = new RecordingLogger();
        private ScheduledExecutorService scheduler;

        private Builder(Path dataDirectory) {
            this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        }

        /** Replaces the plugin's configuration section (keys without the plugin's prefix). */
        public Builder config(Map<String, String> settings) {
            config.clear();
            config.putAll(settings);
            return this;
        }

        /** Sets one configuration key. */
        public Builder set(String key, String value) {
            config.put(key, value);
            return this;
        }

        /** The blob store the plugin gets; without one, {@link #blobStore()} throws. */
        public Builder blobStore(BlobStore store) {
            blobStore = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Another database (e.g. a PostgreSQL {@link org.quicfiles.plugin.support.sql.UrlDataSource}) instead of the SQLite file. */
        public Builder dataSource(DataSource source, SqlDialect dialect) {
            dataSource = Objects.requireNonNull(source, "source");
            sqlDialect = Objects.requireNonNull(dialect, "dialect");
            return this;
        }

        /** The clock; by default one standing at {@link MutableClock#DEFAULT_START}. */
        public Builder clock(MutableClock value) {
            clock = Objects.requireNonNull(value, "clock");
            return this;
        }

        /** The logger; by default a fresh {@link RecordingLogger}. */
        public Builder logger(RecordingLogger value) {
            logger = Objects.requireNonNull(value, "logger");
            return this;
        }

        /** A scheduler the test owns; by default the context makes one and stops it on close. */
        public Builder scheduler(ScheduledExecutorService value) {
            scheduler = Objects.requireNonNull(value, "scheduler");
            return this;
        }

        /** The context. */
        public TestServerContext build() {
            return new TestServerContext(this);
        }
    }
}

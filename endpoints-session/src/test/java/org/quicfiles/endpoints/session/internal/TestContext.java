package org.quicfiles.endpoints.session.internal;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.api.storage.BlobStore;
import org.sqlite.SQLiteDataSource;

/** A real {@link ServerContext} for tests: a SQLite file, a settable clock, a recording logger. */
final class TestContext implements ServerContext, AutoCloseable {
    final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    final RecordingLogger logger = new RecordingLogger();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final Path directory;
    private final Config config;

    /** A context over a SQLite file {@code meta.sqlite} in {@code directory}. */
    TestContext(Path directory, Map<String, String> config) {
        this(directory, config, sqlite(directory), SqlDialect.SQLITE);
    }

    /** A context over any database. */
    TestContext(Path directory, Map<String, String> config, DataSource dataSource, SqlDialect dialect) {
        this.directory = directory;
        this.config = new Config(config);
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    private static DataSource sqlite(Path directory) {
        SQLiteDataSource sqlite = new SQLiteDataSource();
        sqlite.setUrl("jdbc:sqlite:" + directory.resolve("meta.sqlite"));
        return sqlite;
    }

    @Override
    public Config config() {
        return config;
    }

    @Override
    public BlobStore blobStore() {
        throw new UnsupportedOperationException("the session plugin never touches storage");
    }

    @Override
    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public SqlDialect sqlDialect() {
        return dialect;
    }

    @Override
    public Clock clock() {
        return clock;
    }

    @Override
    public ScheduledExecutorService scheduler() {
        return scheduler;
    }

    @Override
    public System.Logger logger() {
        return logger;
    }

    @Override
    public Path dataDirectory() {
        return directory;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(java.time.Duration by) {
            now = now.plus(by);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Keeps every message logged, formatted. */
    static final class RecordingLogger implements System.Logger {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String msg, Throwable thrown) {
            lines.add(level + " " + msg);
        }

        @Override
        public void log(Level level, ResourceBundle bundle, String format, Object... params) {
            lines.add(level + " " + (params == null || params.length == 0
                    ? format : java.text.MessageFormat.format(format, params)));
        }
    }
}

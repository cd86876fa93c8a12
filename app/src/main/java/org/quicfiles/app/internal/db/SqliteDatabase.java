package org.quicfiles.app.internal.db;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quicfiles.plugin.support.sql.PlainDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The embedded SQLite database as a {@link DataSource}. {@link #getConnection()} hands out a reused
 * idle connection or opens one, configured for WAL journaling, {@code synchronous=NORMAL}, a busy timeout, foreign
 * keys and {@code BEGIN IMMEDIATE} for transactions; with WAL, readers run in parallel with the one writer and the busy timeout queues writers.
 * One connection stays open for the life of the database so that the WAL and its index are not
 * rebuilt on every open, and so that closing it checkpoints the WAL at shutdown. See
 * {@code docs/decisions/0403-app-database.md}.
 */
public final class SqliteDatabase implements PlainDataSource, AutoCloseable {
    /** How long a connection waits for a lock held by another writer. */
    public static final int BUSY_TIMEOUT_MILLIS = 10_000;
    /** How many idle connections are kept for reuse. */
    public static final int MAX_IDLE = 8;

    private final Path file;
    private final IdleConnections connections;
    private final Connection keeper;
    private volatile boolean closed;

    private SqliteDatabase(Path file, SQLiteDataSource delegate, Connection keeper) {
        this.file = file;
        this.connections = new IdleConnections(delegate::getConnection, MAX_IDLE);
        this.keeper = keeper;
    }

    /** SQLite's own default page cache per connection (2 MiB). */
    public static final long DEFAULT_CACHE_PER_CONNECTION = 2L << 20;
    /** SQLite's own default page cache for all the connections kept at most. */
    public static final long DEFAULT_CACHE = DEFAULT_CACHE_PER_CONNECTION * connectionsAtMost();
    /** The least page cache a connection gets, however small the budget. */
    public static final long MIN_CACHE_PER_CONNECTION = 256L << 10;

    /**
     * Opens (creating if needed) the database file with SQLite's default page cache.
     *
     * @throws SQLException if it cannot be opened
     */
    public static SqliteDatabase open(Path file) throws SQLException {
        return open(file, DEFAULT_CACHE);
    }

    /**
     * Opens (creating if needed) the database file.
     *
     * @param cacheBytes the page cache of all connections together, shared out equally among the
     *        most the database keeps open ({@link #connectionsAtMost()}), at least
     *        {@link #MIN_CACHE_PER_CONNECTION} each
     * @throws SQLException if it cannot be opened
     */
    public static SqliteDatabase open(Path file, long cacheBytes) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        // negative: KiB rather than pages (PRAGMA cache_size), set on every connection the pool opens
        config.setCacheSize((int) -Math.min(Integer.MAX_VALUE, cachePerConnection(cacheBytes) >> 10));
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        config.enforceForeignKeys(true);
        // a deferred transaction that reads, then writes fails at once with SQLITE_BUSY when another
        // connection wrote in between (the busy timeout does not apply to that upgrade); taking the
        // write lock at BEGIN makes every writer wait its turn instead
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return new SqliteDatabase(file, dataSource, dataSource.getConnection());
    }

    /** The connections kept open at most: the idle ones and the keeper. */
    public static int connectionsAtMost() {
        return MAX_IDLE + 1;
    }

    /** The page cache each connection gets of {@code cacheBytes} for all. */
    static long cachePerConnection(long cacheBytes) {
        return Math.max(MIN_CACHE_PER_CONNECTION, cacheBytes / connectionsAtMost());
    }

    /** The database file. */
    public Path file() {
        return file;
    }

    @Override
    public Connection getConnection() throws SQLException {
        if (closed) {
            throw new SQLException("the database " + file + " is closed");
        }
        return connections.borrow();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    /** Refuses new connections and closes the keeper connection, which checkpoints the WAL. */
    @Override
    public void close() throws SQLException {
        if (!closed) {
            closed = true;
            connections.close();
            keeper.close();
        }
    }
}

package org.quicfiles.plugin.support.sql;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.quicfiles.api.spi.ServerContext.SqlDialect;

/**
 * Elects one server among several sharing a metadata database to run a background task (e.g. the
 * files plugin's expiry deleter). Call {@link #tryLead()} before each round and run the round only
 * when it answers {@code true}.
 *
 * <p>On PostgreSQL the leader holds a session-level advisory lock, keyed by the task's name, on a
 * connection it keeps for as long as it leads; the others try to take it on each call. When the
 * leader's process dies, PostgreSQL ends its session and frees the lock, and the next caller
 * elsewhere takes it. Each call of the leader checks that its connection is still alive (one round
 * trip), so a leader that lost its session stops leading. The kept connection must reach
 * PostgreSQL directly or through a session-mode pooler: a transaction-mode pooler loses session locks.
 *
 * <p>On SQLite only one server can use the database, which therefore always leads.
 *
 * <p>Thread-safe. Close it to step down (the lock is released and the connection given back).
 * @since 0.1.0 (in {@code org.quicfiles.api.sql} until api version 2, decision 0012)
 */
public final class LeaderLock implements AutoCloseable {
    private static final int VALIDATION_SECONDS = 5;

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private final long key;
    private Connection held;
    private boolean closed;

    /**
     * A lock for the task {@code name}; nothing is taken before the first {@link #tryLead()}.
     *
     * @param dataSource the metadata database
     * @param dialect its dialect ({@link org.quicfiles.api.spi.ServerContext#sqlDialect()})
     * @param name the task, the same on every server, e.g. {@code files.expiry-deleter}
     */
    public LeaderLock(DataSource dataSource, SqlDialect dialect, String name) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.dialect = Objects.requireNonNull(dialect, "dialect");
        this.key = keyOf(Objects.requireNonNull(name, "name"));
    }

    /**
     * Whether this server leads now: it held the lock and its session is alive, or it has just
     * taken the lock.
     *
     * @throws SQLException if the database cannot be reached (this server then does not lead)
     */
    public synchronized boolean tryLead() throws SQLException {
        if (closed) {
            return false;
        }
        if (dialect == SqlDialect.SQLITE) {
            return true;
        }
        if (held != null) {
            if (held.isValid(VALIDATION_SECONDS)) {
                return true;
            }
            Connection lost = held;
            held = null;
            closeQuietly(lost);
        }
        Connection connection = dataSource.getConnection();
        try (PreparedStatement take = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
            take.setLong(1, key);
            try (ResultSet row = take.executeQuery()) {
                if (row.next() && row.getBoolean(1)) {
                    held = connection;
                    return true;
                }
            }
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
        connection.close();
        return false;
    }

    /** Whether the last {@link #tryLead()} left this server holding the lock (no database call). */
    public synchronized boolean holds() {
        return !closed && (dialect == SqlDialect.SQLITE || held != null);
    }

    /** Steps down: releases the lock and gives its connection back. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (held == null) {
            return;
        }
        Connection connection = held;
        held = null;
        // a pool keeps the session open: the lock must be released before the connection is reused
        try (PreparedStatement release = connection.prepareStatement("SELECT pg_advisory_unlock(?)")) {
            release.setLong(1, key);
            release.execute();
        } catch (SQLException e) {
            // a broken session has lost the lock already
        }
        closeQuietly(connection);
    }

    /** The 64-bit advisory lock key of a task name: the first 8 bytes of its SHA-256. */
    static long keyOf(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(("quicfiles-leader:" + name).getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int index = 0; index < Long.BYTES; index++) {
                key = key << 8 | (digest[index] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // nothing more to do with a connection that cannot even close
        }
    }
}

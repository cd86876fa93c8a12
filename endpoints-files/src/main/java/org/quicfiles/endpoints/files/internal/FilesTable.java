package org.quicfiles.endpoints.files.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.spi.ServerContext.SqlDialect;
import org.quicfiles.plugin.support.sql.SchemaMigrations;

/**
 * The {@code files} table: one row per stored file (id, size, upload time, expiry, in unix
 * seconds). Each method is one short transaction on its own connection. The SQL is the common
 * subset of SQLite and PostgreSQL ({@code ON CONFLICT}, {@code CASE}; no {@code MAX(a, b)}).
 */
final class FilesTable {
    /** The {@code schema_version} component name. */
    static final String COMPONENT = "files";

    /** Version steps; append new ones, never edit a released one. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE files (id VARCHAR(44) PRIMARY KEY, size BIGINT NOT NULL, "
                    + "uploaded BIGINT NOT NULL, expiry BIGINT NOT NULL)",
            "CREATE INDEX files_expiry ON files (expiry)"));

    private static final String COLUMNS = "id, size, uploaded, expiry";

    /** The first key of the per-id advisory locks ("qf" and 1); the second is the id's hash. */
    private static final int ID_LOCK_CLASS = 0x71660001;

    /** No lock: each guarded operation takes a connection of its own. */
    private static final IdGuard UNGUARDED = new IdGuard(null, 0);

    private final DataSource dataSource;
    private final SqlDialect dialect;

    FilesTable(DataSource dataSource) {
        this(dataSource, SqlDialect.SQLITE);
    }

    FilesTable(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = dialect;
    }

    /**
     * An id's lock across every server sharing the database, for the steps that must not
     * interleave with another server's on the same id (an upload's blob commit and row upsert, the
     * deleter's row and blob delete; 0302 orders them within one process). On PostgreSQL a
     * session advisory lock on the connection that the guarded row operations then use, so a
     * guarded step never needs a second pooled connection; on SQLite nothing (one server per file).
     */
    static final class IdGuard implements AutoCloseable {
        private final Connection connection;
        private final int key;

        private IdGuard(Connection connection, int key) {
            this.connection = connection;
            this.key = key;
        }

        @Override
        public void close() throws SQLException {
            if (connection == null) {
                return;
            }
            try (PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(?, ?)")) {
                unlock.setInt(1, ID_LOCK_CLASS);
                unlock.setInt(2, key);
                unlock.execute();
            } finally {
                connection.close();
            }
        }
    }

    /** Takes {@code id}'s lock across servers (waiting for another server's holder). */
    IdGuard guard(String id) throws SQLException {
        if (dialect != SqlDialect.POSTGRESQL) {
            return UNGUARDED;
        }
        Connection connection = dataSource.getConnection();
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_lock(?, ?)")) {
            lock.setInt(1, ID_LOCK_CLASS);
            lock.setInt(2, id.hashCode());
            lock.execute();
            return new IdGuard(connection, id.hashCode());
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /** Runs {@code work} on the guard's connection, or on a connection of its own. */
    private <T> T on(IdGuard guard, SqlWork<T> work) throws SQLException {
        if (guard.connection != null) {
            return work.run(guard.connection);
        }
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        }
    }

    /** A step on a connection. */
    @FunctionalInterface
    private interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Creates or upgrades the table. */
    void migrate() throws SQLException {
        SchemaMigrations.migrate(dataSource, COMPONENT, MIGRATIONS);
    }

    /** The row for {@code id}, expired or not. */
    Optional<FileInfo> find(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, id);
        }
    }

    /** As {@link #find(String)}, under {@code guard}. */
    Optional<FileInfo> find(IdGuard guard, String id) throws SQLException {
        return on(guard, connection -> find(connection, id));
    }

    /**
     * Records an upload of {@code id}. A new id, or one whose row has expired (an expired file no
     * longer exists), gets {@code (size, now, expiry)}; a live row keeps its upload time and gets
     * the later of its expiry and {@code expiry}.
     *
     * @return the row as stored
     */
    FileInfo upsert(String id, long size, long now, long expiry) throws SQLException {
        return upsert(UNGUARDED, id, size, now, expiry);
    }

    /** As {@link #upsert(String, long, long, long)}, under {@code guard}. */
    FileInfo upsert(IdGuard guard, String id, long size, long now, long expiry) throws SQLException {
        // one statement, one round trip: RETURNING gives the row as stored (docs/scale-out.md)
        return on(guard, connection -> {
            try (PreparedStatement upsert = connection.prepareStatement(
                    "INSERT INTO files (" + COLUMNS + ") VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
                            + "size = excluded.size, "
                            + "uploaded = CASE WHEN files.expiry <= ? THEN excluded.uploaded ELSE files.uploaded END, "
                            + "expiry = CASE WHEN files.expiry <= ? OR files.expiry < excluded.expiry "
                            + "THEN excluded.expiry ELSE files.expiry END RETURNING " + COLUMNS)) {
                upsert.setString(1, id);
                upsert.setLong(2, size);
                upsert.setLong(3, now);
                upsert.setLong(4, expiry);
                upsert.setLong(5, now);
                upsert.setLong(6, now);
                return row(upsert).orElseThrow(() -> new SQLException("upsert returned no row: " + id));
            }
        });
    }

    /**
     * Inserts a row unless one with the same id exists.
     *
     * @return whether it was inserted
     */
    boolean insertIfAbsent(FileInfo file) throws SQLException {
        return insertIfAbsent(UNGUARDED, file);
    }

    /** As {@link #insertIfAbsent(FileInfo)}, under {@code guard}. */
    boolean insertIfAbsent(IdGuard guard, FileInfo file) throws SQLException {
        return on(guard, connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO files (" + COLUMNS + ") VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING")) {
                insert.setString(1, file.id());
                insert.setLong(2, file.size());
                insert.setLong(3, file.uploaded());
                insert.setLong(4, file.expiry());
                return insert.executeUpdate() == 1;
            }
        });
    }

    /**
     * Moves a live row's expiry to {@code expiry} unless it is already later; never shortens.
     *
     * @return the row afterwards, or empty if there is no live row ({@code expiry <= now})
     */
    Optional<FileInfo> extend(String id, long now, long expiry) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE files SET expiry = CASE WHEN expiry < ? THEN ? ELSE expiry END "
                             + "WHERE id = ? AND expiry > ? RETURNING " + COLUMNS)) {
            update.setLong(1, expiry);
            update.setLong(2, expiry);
            update.setString(3, id);
            update.setLong(4, now);
            return row(update);
        }
    }

    /** Up to {@code limit} ids whose expiry is at or before {@code now}, oldest first. */
    List<String> expiredIds(long now, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT id FROM files WHERE expiry <= ? ORDER BY expiry LIMIT ?")) {
            query.setLong(1, now);
            query.setInt(2, limit);
            return ids(query);
        }
    }

    /**
     * Deletes the row of {@code id} if it is still expired at {@code now} (an upload or extend may
     * have revived it since it was listed).
     *
     * @return whether a row was deleted
     */
    boolean deleteIfExpired(String id, long now) throws SQLException {
        return deleteIfExpired(UNGUARDED, id, now);
    }

    /** As {@link #deleteIfExpired(String, long)}, under {@code guard}. */
    boolean deleteIfExpired(IdGuard guard, String id, long now) throws SQLException {
        return on(guard, connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM files WHERE id = ? AND expiry <= ?")) {
                delete.setString(1, id);
                delete.setLong(2, now);
                return delete.executeUpdate() == 1;
            }
        });
    }

    /** Deletes the row of {@code id}; returns whether there was one. */
    boolean delete(String id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM files WHERE id = ?")) {
            delete.setString(1, id);
            return delete.executeUpdate() == 1;
        }
    }

    /** How many files are stored and their total size in bytes: {@code {count, bytes}}. */
    long[] totals() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT COUNT(*), COALESCE(SUM(size), 0) FROM files");
             java.sql.ResultSet row = query.executeQuery()) {
            row.next();
            return new long[] {row.getLong(1), row.getLong(2)};
        }
    }

    /** Every id in the table, for start-up reconciliation. */
    List<String> allIds() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT id FROM files")) {
            return ids(query);
        }
    }

    /** The row for {@code id} on an open connection. */
    static Optional<FileInfo> find(Connection connection, String id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT " + COLUMNS + " FROM files WHERE id = ?")) {
            query.setString(1, id);
            return row(query);
        }
    }

    /** The one row of {@code COLUMNS} that {@code statement} yields, if any. */
    private static Optional<FileInfo> row(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            if (!rows.next()) {
                return Optional.empty();
            }
            return Optional.of(new FileInfo(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4)));
        }
    }

    private static List<String> ids(PreparedStatement query) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }
}

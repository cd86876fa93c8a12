package org.quicfiles.plugin.support.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Versioned schema migrations for one component (usually a plugin). The version of every component
 * is kept in the shared {@code schema_version} table, one row per component. Step {@code n}
 * (counting from 0) takes the component's tables from version {@code n} to {@code n + 1}; all
 * pending steps and the version bump run in one transaction, so a failed migration leaves the
 * previous version in place. Released steps must never be edited: add a new step instead.
 *
 * <p>The SQL of the bookkeeping is the common subset of SQLite and PostgreSQL. On PostgreSQL, where
 * several servers may share the database and start at the same moment, migrations of every
 * component run one at a time under a transaction-scoped advisory lock.
 *
 * @since 0.1.0 (in {@code org.quicfiles.api.sql} until api version 2, decision 0012)
 */
public final class SchemaMigrations {
    /** The PostgreSQL advisory lock key that serialises migrations ("quicfile" in ASCII). */
    private static final long LOCK_KEY = 0x7175696366696c65L;

    private SchemaMigrations() {
    }

    /**
     * Applies the steps the database has not seen yet.
     *
     * @param dataSource the metadata database
     * @param component the row key in {@code schema_version}, e.g. {@code files}
     * @param steps the SQL statements of each step, in order
     * @return the version reached, {@code steps.size()}
     * @throws SQLException if a statement fails, or the tables are newer than the steps known here
     */
    public static int migrate(DataSource dataSource, String component, List<List<String>> steps)
            throws SQLException {
        Objects.requireNonNull(component, "component");
        List<List<String>> copied = steps.stream().map(List::copyOf).toList();
        try (Connection connection = dataSource.getConnection()) {
            boolean postgresql = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            if (!postgresql) {
                createVersionTable(connection);
            }
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (postgresql) {
                    // several servers may start at once on one database: one migrates at a time, and
                    // the others then find its version (CREATE ... IF NOT EXISTS alone races in PostgreSQL)
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
                    }
                    createVersionTable(connection);
                }
                int recorded = recordedVersion(connection, component);
                int current = Math.max(recorded, 0);
                if (current > copied.size()) {
                    throw new SQLException(component + " tables are at version " + current
                            + ", newer than this build knows (" + copied.size() + ")");
                }
                for (int version = current; version < copied.size(); version++) {
                    try (Statement statement = connection.createStatement()) {
                        for (String sql : copied.get(version)) {
                            statement.execute(sql);
                        }
                    }
                }
                if (current < copied.size()) {
                    recordVersion(connection, component, recorded < 0, copied.size());
                }
                connection.commit();
                return copied.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static void createVersionTable(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version "
                    + "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
        }
    }

    /** The recorded version, or -1 when the component has no row yet. */
    private static int recordedVersion(Connection connection, String component) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version FROM schema_version WHERE component = ?")) {
            select.setString(1, component);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) : -1;
            }
        }
    }

    private static void recordVersion(Connection connection, String component, boolean insert, int to)
            throws SQLException {
        String sql = insert
                ? "INSERT INTO schema_version (version, component) VALUES (?, ?)"
                : "UPDATE schema_version SET version = ? WHERE component = ?";
        try (PreparedStatement write = connection.prepareStatement(sql)) {
            write.setInt(1, to);
            write.setString(2, component);
            write.executeUpdate();
        }
    }
}

package org.quicfiles.endpoints.files.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * Brings a component's tables to the newest version. The version is kept in the
 * {@code schema_version} table shared by all plugins, one row per component; step {@code n}
 * (counting from 0) takes the tables from version {@code n} to {@code n + 1}, in one transaction.
 */
final class SchemaMigrations {
    private final String component;
    private final List<List<String>> steps;

    /**
     * @param component the row key in {@code schema_version}
     * @param steps the SQL statements of each version step, in order; never edit a released step
     */
    SchemaMigrations(String component, List<List<String>> steps) {
        this.component = component;
        this.steps = steps.stream().map(List::copyOf).toList();
    }

    /** Applies the steps the database has not seen yet; returns the version reached. */
    int migrate(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_version "
                        + "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
            }
            connection.setAutoCommit(false);
            try {
                int current = currentVersion(connection);
                if (current > steps.size()) {
                    throw new SQLException(component + " tables are at version " + current
                            + ", newer than this plugin knows (" + steps.size() + ")");
                }
                for (int version = current; version < steps.size(); version++) {
                    try (Statement statement = connection.createStatement()) {
                        for (String sql : steps.get(version)) {
                            statement.execute(sql);
                        }
                    }
                }
                if (current < steps.size()) {
                    recordVersion(connection, current == 0 && !hasRow(connection), steps.size());
                }
                connection.commit();
                return steps.size();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private int currentVersion(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT version FROM schema_version WHERE component = ?")) {
            query.setString(1, component);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getInt(1) : 0;
            }
        }
    }

    private boolean hasRow(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT 1 FROM schema_version WHERE component = ?")) {
            query.setString(1, component);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    private void recordVersion(Connection connection, boolean insert, int version) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(insert
                ? "INSERT INTO schema_version (version, component) VALUES (?, ?)"
                : "UPDATE schema_version SET version = ? WHERE component = ?")) {
            update.setInt(1, version);
            update.setString(2, component);
            update.executeUpdate();
        }
    }
}

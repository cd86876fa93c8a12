package org.quicfiles.endpoints.token.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Brings a component's tables to the newest version, recorded in the shared {@code schema_version}
 * table (one row per component). Each step is a list of statements run in the same transaction as
 * the version bump, so a failed migration leaves the previous version in place.
 */
final class SchemaMigrator {
    private final String component;
    private final List<List<String>> steps;

    /**
     * @param component the row key in {@code schema_version}
     * @param steps step {@code i} brings the schema from version {@code i} to {@code i + 1}
     */
    SchemaMigrator(String component, List<List<String>> steps) {
        this.component = component;
        this.steps = List.copyOf(steps);
    }

    /** Runs the steps the database has not seen yet; returns the version it is at afterwards. */
    int migrate(ConnectionSource connections) throws SQLException {
        try (Connection connection = connections.open()) {
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
                    recordVersion(connection, current, steps.size());
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
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version FROM schema_version WHERE component = ?")) {
            select.setString(1, component);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? row.getInt(1) : 0;
            }
        }
    }

    private void recordVersion(Connection connection, int from, int to) throws SQLException {
        String sql = from == 0
                ? "INSERT INTO schema_version (version, component) VALUES (?, ?)"
                : "UPDATE schema_version SET version = ? WHERE component = ?";
        try (PreparedStatement write = connection.prepareStatement(sql)) {
            write.setInt(1, to);
            write.setString(2, component);
            write.executeUpdate();
        }
    }
}

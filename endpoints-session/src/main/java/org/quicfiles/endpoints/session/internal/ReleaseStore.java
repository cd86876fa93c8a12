package org.quicfiles.endpoints.session.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicfiles.plugin.support.sql.SchemaMigrations;
import javax.sql.DataSource;

/**
 * The plugin's tables: the releases last seen for each source ({@code owner/repository}), their
 * assets, and when each source was last polled. Portable SQL (SQLite and PostgreSQL).
 */
final class ReleaseStore {
    /** The {@code schema_version} component name. */
    static final String COMPONENT = "session";

    /** Version steps, one list of statements per version; append new ones, never edit a released one. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE session_poll (source TEXT PRIMARY KEY, last_attempt BIGINT NOT NULL,"
                    + " last_success BIGINT)",
            "CREATE TABLE session_release (source TEXT NOT NULL, tag TEXT NOT NULL,"
                    + " marked_prerelease INTEGER NOT NULL, name TEXT NOT NULL, notes TEXT NOT NULL,"
                    + " PRIMARY KEY (source, tag))",
            "CREATE TABLE session_asset (source TEXT NOT NULL, tag TEXT NOT NULL, position INTEGER NOT NULL,"
                    + " name TEXT NOT NULL, url TEXT NOT NULL, PRIMARY KEY (source, tag, position))"));

    /** Creates or upgrades the tables; returns the version reached. */
    static int migrate(DataSource dataSource) throws SQLException {
        return SchemaMigrations.migrate(dataSource, COMPONENT, MIGRATIONS);
    }

    private final DataSource dataSource;

    ReleaseStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What is known about one source: the releases of its last successful poll, and when that was. */
    record Snapshot(long updated, List<Release> releases) {
        Snapshot {
            releases = List.copyOf(releases);
        }
    }

    /** When each source was last attempted, in unix seconds. Sources never attempted are absent. */
    Map<String, Long> lastAttempts() throws SQLException {
        Map<String, Long> attempts = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT source, last_attempt FROM session_poll");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                attempts.put(rows.getString(1), rows.getLong(2));
            }
        }
        return attempts;
    }

    /** Records that a poll of {@code source} starts now, before the request goes out. */
    void recordAttempt(String source, long now) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement upsert = connection.prepareStatement(
                     "INSERT INTO session_poll (source, last_attempt) VALUES (?, ?)"
                             + " ON CONFLICT (source) DO UPDATE SET last_attempt = excluded.last_attempt")) {
            upsert.setString(1, source);
            upsert.setLong(2, now);
            upsert.executeUpdate();
        }
    }

    /**
     * Replaces what is known about {@code source} with the releases of a successful poll, in one
     * transaction: readers see the old set or the new one, never a mix.
     */
    void replace(String source, List<Release> releases, long now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                delete(connection, "DELETE FROM session_asset WHERE source = ?", source);
                delete(connection, "DELETE FROM session_release WHERE source = ?", source);
                insertReleases(connection, source, releases);
                try (PreparedStatement upsert = connection.prepareStatement(
                        "INSERT INTO session_poll (source, last_attempt, last_success) VALUES (?, ?, ?)"
                                + " ON CONFLICT (source) DO UPDATE SET last_success = excluded.last_success")) {
                    upsert.setString(1, source);
                    upsert.setLong(2, now);
                    upsert.setLong(3, now);
                    upsert.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The releases of the last successful poll of {@code source}; empty if it never succeeded. */
    Optional<Snapshot> snapshot(String source) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<Snapshot> snapshot = read(connection, source);
                connection.commit();
                return snapshot;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Optional<Snapshot> read(Connection connection, String source) throws SQLException {
        long updated;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT last_success FROM session_poll WHERE source = ? AND last_success IS NOT NULL")) {
            select.setString(1, source);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                updated = row.getLong(1);
            }
        }
        Map<String, List<Release.Asset>> assets = readAssets(connection, source);
        List<Release> releases = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT tag, marked_prerelease, name, notes FROM session_release WHERE source = ?")) {
            select.setString(1, source);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String tag = rows.getString(1);
                    // Only parsable tags are ever stored; a row that no longer parses is skipped.
                    Optional<ReleaseVersion> version = ReleaseVersion.parse(tag);
                    if (version.isPresent()) {
                        releases.add(new Release(tag, version.get(), rows.getInt(2) != 0, rows.getString(3),
                                rows.getString(4), assets.getOrDefault(tag, List.of())));
                    }
                }
            }
        }
        return Optional.of(new Snapshot(updated, releases));
    }

    private static Map<String, List<Release.Asset>> readAssets(Connection connection, String source)
            throws SQLException {
        Map<String, List<Release.Asset>> assets = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT tag, name, url FROM session_asset WHERE source = ? ORDER BY tag, position")) {
            select.setString(1, source);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    assets.computeIfAbsent(rows.getString(1), tag -> new ArrayList<>())
                            .add(new Release.Asset(rows.getString(2), rows.getString(3)));
                }
            }
        }
        return assets;
    }

    private static void insertReleases(Connection connection, String source, List<Release> releases)
            throws SQLException {
        try (PreparedStatement release = connection.prepareStatement(
                "INSERT INTO session_release (source, tag, marked_prerelease, name, notes) VALUES (?, ?, ?, ?, ?)");
             PreparedStatement asset = connection.prepareStatement(
                     "INSERT INTO session_asset (source, tag, position, name, url) VALUES (?, ?, ?, ?, ?)")) {
            for (Release r : releases) {
                release.setString(1, source);
                release.setString(2, r.tag());
                release.setInt(3, r.markedPrerelease() ? 1 : 0);
                release.setString(4, r.name());
                release.setString(5, r.notes());
                release.executeUpdate();
                for (int i = 0; i < r.assets().size(); i++) {
                    asset.setString(1, source);
                    asset.setString(2, r.tag());
                    asset.setInt(3, i);
                    asset.setString(4, r.assets().get(i).name());
                    asset.setString(5, r.assets().get(i).url());
                    asset.executeUpdate();
                }
            }
        }
    }

    private static void delete(Connection connection, String sql, String source) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(sql)) {
            delete.setString(1, source);
            delete.executeUpdate();
        }
    }
}

package org.quicfiles.endpoints.token.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.quicfiles.plugin.support.sql.SchemaMigrations;

/**
 * The plugin's tables: the supply figures (one row) and one history sample per UTC day (the
 * newest loaded for that day). Portable SQL (SQLite and PostgreSQL).
 */
final class TokenStore {
    /** Seconds per day: history is kept per UTC day. */
    static final long DAY = 86_400;
    /** History older than this many days is never asked for (days ≤ 30) and is pruned on load. */
    static final int KEEP_DAYS = 31;

    /** The {@code schema_version} component name. */
    static final String COMPONENT = "token";

    /** Version steps, one list of statements per version; append new ones, never edit a released one. */
    static final List<List<String>> MIGRATIONS = List.of(List.of(
            "CREATE TABLE token_supply (id INTEGER PRIMARY KEY, maximum_supply BIGINT NOT NULL,"
                    + " sent_per_node BIGINT NOT NULL, staking_reward_pool BIGINT NOT NULL, loaded BIGINT NOT NULL)",
            "CREATE TABLE token_history (day BIGINT PRIMARY KEY, updated BIGINT NOT NULL,"
                    + " current_value TEXT NOT NULL, circulating_supply BIGINT NOT NULL, total_nodes BIGINT NOT NULL)"));

    /** Creates or upgrades the tables; returns the version reached. */
    static int migrate(DataSource dataSource) throws SQLException {
        return SchemaMigrations.migrate(dataSource, COMPONENT, MIGRATIONS);
    }

    private final DataSource dataSource;

    TokenStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** What {@code token_info} answers: the supply figures and the newest samples. */
    record Answer(long maximumSupply, long sentPerNode, long stakingRewardPool, List<TokenStatistics.Sample> history) {
        Answer {
            history = List.copyOf(history);
        }
    }

    /**
     * Stores a validated document in one transaction: the supply figures are replaced; each sample
     * replaces its day's sample if it is at least as new; samples older than {@link #KEEP_DAYS} are
     * dropped. On any failure nothing changes.
     *
     * @param now unix seconds, for pruning and as the load time
     */
    void load(TokenStatistics statistics, long now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                replaceSupply(connection, statistics, now);
                mergeHistory(connection, statistics.history());
                try (PreparedStatement prune = connection.prepareStatement("DELETE FROM token_history WHERE day < ?")) {
                    prune.setLong(1, now / DAY - KEEP_DAYS);
                    prune.executeUpdate();
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * The supply figures and, newest first, one sample per UTC day among the samples taken in the
     * last {@code days} × 24 hours, at most {@code days} of them. Empty when nothing was ever loaded.
     */
    Optional<Answer> answer(int days, long now) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<Answer> answer = read(connection, days, now);
                connection.commit();
                return answer;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static Optional<Answer> read(Connection connection, int days, long now) throws SQLException {
        long maximumSupply;
        long sentPerNode;
        long rewardPool;
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT maximum_supply, sent_per_node, staking_reward_pool FROM token_supply WHERE id = 1");
             ResultSet row = select.executeQuery()) {
            if (!row.next()) {
                return Optional.empty();
            }
            maximumSupply = row.getLong(1);
            sentPerNode = row.getLong(2);
            rewardPool = row.getLong(3);
        }
        List<TokenStatistics.Sample> history = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT updated, current_value, circulating_supply, total_nodes FROM token_history"
                        + " WHERE updated > ? ORDER BY updated DESC LIMIT ?")) {
            select.setLong(1, now - days * DAY);
            select.setInt(2, days);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    history.add(new TokenStatistics.Sample(rows.getLong(1), rows.getString(2), rows.getLong(3),
                            rows.getLong(4)));
                }
            }
        }
        return Optional.of(new Answer(maximumSupply, sentPerNode, rewardPool, history));
    }

    private static void replaceSupply(Connection connection, TokenStatistics statistics, long now)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO token_supply (id, maximum_supply, sent_per_node, staking_reward_pool, loaded)"
                        + " VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET"
                        + " maximum_supply = excluded.maximum_supply, sent_per_node = excluded.sent_per_node,"
                        + " staking_reward_pool = excluded.staking_reward_pool, loaded = excluded.loaded")) {
            upsert.setLong(1, statistics.maximumSupply());
            upsert.setLong(2, statistics.sentPerNode());
            upsert.setLong(3, statistics.stakingRewardPool());
            upsert.setLong(4, now);
            upsert.executeUpdate();
        }
    }

    private static void mergeHistory(Connection connection, List<TokenStatistics.Sample> samples)
            throws SQLException {
        try (PreparedStatement upsert = connection.prepareStatement(
                "INSERT INTO token_history (day, updated, current_value, circulating_supply, total_nodes)"
                        + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (day) DO UPDATE SET"
                        + " updated = excluded.updated, current_value = excluded.current_value,"
                        + " circulating_supply = excluded.circulating_supply, total_nodes = excluded.total_nodes"
                        + " WHERE excluded.updated >= token_history.updated")) {
            for (TokenStatistics.Sample sample : samples) {
                upsert.setLong(1, sample.updated() / DAY);
                upsert.setLong(2, sample.updated());
                upsert.setString(3, sample.currentValue());
                upsert.setLong(4, sample.circulatingSupply());
                upsert.setLong(5, sample.totalNodes());
                upsert.addBatch();
            }
            upsert.executeBatch();
        }
    }
}

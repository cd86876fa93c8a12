package org.quicfiles.app.internal.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Shared metadata in PostgreSQL, for several front ends: a HikariCP pool of kept connections over
 * the PostgreSQL JDBC driver. See {@code docs/decisions/0420-app-postgresql-metadata.md}.
 */
public final class PostgresDatabase implements AutoCloseable {
    /** {@code INSERT … ON CONFLICT}, which the plugins use, arrived in 9.5. */
    static final int MINIMUM_VERSION_NUM = 90500;
    /** How long a caller waits for a free connection when all are lent. */
    static final long CONNECTION_TIMEOUT_MILLIS = 10_000;
    /** How long start-up keeps trying to reach the database before it gives up. */
    static final long START_TIMEOUT_MILLIS = 5_000;

    private final HikariDataSource pool;
    private final String where;

    private PostgresDatabase(HikariDataSource pool, String where) {
        this.pool = pool;
        this.where = where;
    }

    /**
     * Opens the pool and checks the server once.
     *
     * @param url a {@code jdbc:postgresql://…} URL
     * @param user the user, unless the URL or the driver's defaults name it
     * @param password the password, unless the URL holds it
     * @param poolSize the most connections kept open
     * @throws SQLException if the database cannot be reached, refuses the login, or is older than 9.5;
     *         the message never holds the password
     */
    public static PostgresDatabase open(String url, Optional<String> user, Optional<String> password, int poolSize)
            throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setPoolName("quicfiles-metadata");
        config.setJdbcUrl(url);
        user.ifPresent(config::setUsername);
        password.ifPresent(config::setPassword);
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(CONNECTION_TIMEOUT_MILLIS);
        // fail at start-up, in one line, when the database cannot be reached
        config.setInitializationFailTimeout(START_TIMEOUT_MILLIS);
        config.addDataSourceProperty("ApplicationName", "quicfiles");
        // the name then rides in the start-up message: without it pgjdbc sends SET application_name
        // after the login, one more round trip for every connection the pool opens (docs/scale-out.md)
        config.addDataSourceProperty("assumeMinServerVersion", "9.5");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new SQLException(rootMessage(e), e);
        }
        PostgresDatabase database = new PostgresDatabase(pool, withoutParameters(url));
        try {
            database.checkVersion();
        } catch (SQLException | RuntimeException e) {
            pool.close();
            throw e;
        }
        return database;
    }

    /** The pool, handed to plugins. */
    public DataSource dataSource() {
        return pool;
    }

    /** The URL without its parameters (which may hold a password), for messages. */
    public String where() {
        return where;
    }

    private void checkVersion() throws SQLException {
        try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT current_setting('server_version_num')::int")) {
            row.next();
            int version = row.getInt(1);
            if (version < MINIMUM_VERSION_NUM) {
                throw new SQLException("PostgreSQL " + version + " is too old; 9.5 or newer is needed");
            }
        }
    }

    /** Closes every connection of the pool. */
    @Override
    public void close() {
        pool.close();
    }

    /** A URL's part before {@code ?}: host, port and database, never a {@code password=} parameter. */
    public static String withoutParameters(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message != null ? message : cause.getClass().getSimpleName();
    }
}

package org.quicfiles.app.internal.db;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.ServerContext.SqlDialect;
import org.quicfiles.app.StartupException;
import org.quicfiles.app.internal.config.ConfigErrors;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.OneLine;
import org.quicfiles.app.internal.data.DataFolder;

/**
 * The metadata database the plugins share, and its SQL dialect: the embedded SQLite file in the
 * data folder, or with {@code database.url} a pool of PostgreSQL connections (decision note 0420).
 * The dialect follows from the URL, in {@link #dialectOf} and nowhere else.
 *
 * @param dataSource what plugins get
 * @param dialect the dialect of {@code dataSource}
 * @param closer closes the database (the SQLite connection, or the pool)
 */
public record MetadataDatabase(DataSource dataSource, SqlDialect dialect, AutoCloseable closer) {

    /** The {@code database.url} set, if any (a blank one is none): the embedded SQLite database without one. */
    public static Optional<String> url(Config merged) {
        return merged.get(ConfigKeys.DATABASE_URL).filter(value -> !value.isBlank());
    }

    /** The dialect of a checked {@code database.url}: SQLite without one, PostgreSQL with one. */
    public static SqlDialect dialectOf(Optional<String> url) {
        return url.isEmpty() ? SqlDialect.SQLITE : SqlDialect.POSTGRESQL;
    }

    /**
     * Checks the database keys before anything is created: the URL's form, the pool size, and
     * no PostgreSQL key without a URL.
     *
     * @return the PostgreSQL URL, or empty for the embedded SQLite database
     * @throws StartupException naming the key and where it was set
     */
    public static Optional<String> check(Config merged, ConfigErrors errors) throws StartupException {
        Optional<String> url = url(merged);
        if (url.isEmpty()) {
            for (String key : List.of(ConfigKeys.DATABASE_USER, ConfigKeys.DATABASE_PASSWORD,
                    ConfigKeys.DATABASE_POOL_SIZE)) {
                if (merged.get(key).isPresent()) {
                    throw new StartupException(key + " (" + errors.origins().getOrDefault(key, "configuration")
                            + ") is read only with " + ConfigKeys.DATABASE_URL + " (--database); the embedded"
                            + " SQLite database has no users or pool");
                }
            }
            sqliteCache(merged, errors);
            return url;
        }
        if (merged.get(ConfigKeys.DATABASE_SQLITE_CACHE).isPresent()) {
            throw new StartupException(ConfigKeys.DATABASE_SQLITE_CACHE + " (" + errors.origins().getOrDefault(
                    ConfigKeys.DATABASE_SQLITE_CACHE, "configuration") + ") is read only by the embedded SQLite"
                    + " database, not with " + ConfigKeys.DATABASE_URL + " (--database)");
        }
        if (!url.get().startsWith("jdbc:postgresql:")) {
            throw new StartupException(ConfigKeys.DATABASE_URL + " (" + errors.origins().getOrDefault(
                    ConfigKeys.DATABASE_URL, "configuration") + "): '" + PostgresDatabase.withoutParameters(url.get())
                    + "' is not a PostgreSQL JDBC URL (jdbc:postgresql://HOST[:PORT]/DATABASE);"
                    + " leave it unset for the embedded SQLite database");
        }
        int poolSize = poolSize(merged, errors);
        if (poolSize < 1) {
            throw new StartupException(ConfigKeys.DATABASE_POOL_SIZE + " (" + errors.origins().getOrDefault(
                    ConfigKeys.DATABASE_POOL_SIZE, "configuration") + "): must be at least 1, not " + poolSize);
        }
        return url;
    }

    /**
     * Opens the database {@link #check} accepted.
     *
     * @param dataDir the data folder, which holds the SQLite file
     * @param reporter receives the line naming a PostgreSQL database
     * @throws StartupException if it cannot be opened
     */
    public static MetadataDatabase open(Config merged, ConfigErrors errors, Path dataDir, Consumer<String> reporter)
            throws StartupException {
        Optional<String> url = check(merged, errors);
        switch (dialectOf(url)) {
            case SQLITE -> {
                Path file = dataDir.resolve(ConfigKeys.DATABASE_FILE);
                DataFolder.createPrivateFile(file);
                try {
                    SqliteDatabase sqlite = SqliteDatabase.open(file, sqliteCache(merged, errors));
                    return new MetadataDatabase(sqlite, SqlDialect.SQLITE, sqlite);
                } catch (SQLException e) {
                    throw new StartupException("cannot open database " + file + ": " + e.getMessage(), e);
                }
            }
            case POSTGRESQL -> {
                String origin = ConfigKeys.DATABASE_URL + " (" + errors.origins().getOrDefault(ConfigKeys.DATABASE_URL,
                        "configuration") + ")";
                String where = PostgresDatabase.withoutParameters(url.orElseThrow());
                int poolSize = poolSize(merged, errors);
                try {
                    PostgresDatabase postgres = PostgresDatabase.open(url.get(), merged.get(ConfigKeys.DATABASE_USER),
                            merged.get(ConfigKeys.DATABASE_PASSWORD), poolSize);
                    reporter.accept("metadata database: PostgreSQL at " + where + " (up to " + poolSize + " connections)");
                    return new MetadataDatabase(postgres.dataSource(), SqlDialect.POSTGRESQL, postgres);
                } catch (SQLException e) {
                    throw new StartupException(origin + ": cannot use PostgreSQL at " + where + ": "
                            + OneLine.of(e.getMessage()), e);
                }
            }
            default -> throw new IllegalStateException("no database for dialect " + dialectOf(url));
        }
    }

    /** The SQLite page cache of all connections: the key's value, or else SQLite's own default. */
    private static long sqliteCache(Config merged, ConfigErrors errors) throws StartupException {
        long cache;
        try {
            cache = merged.getLong(ConfigKeys.DATABASE_SQLITE_CACHE, SqliteDatabase.DEFAULT_CACHE);
        } catch (IllegalArgumentException e) {
            throw new StartupException(errors.qualify("database", e.getMessage()), e);
        }
        if (cache < 0) {
            throw new StartupException(ConfigKeys.DATABASE_SQLITE_CACHE + " (" + errors.origins().getOrDefault(
                    ConfigKeys.DATABASE_SQLITE_CACHE, "configuration") + "): must not be negative, not " + cache);
        }
        return cache;
    }

    private static int poolSize(Config merged, ConfigErrors errors) throws StartupException {
        try {
            return merged.getInt(ConfigKeys.DATABASE_POOL_SIZE, ConfigKeys.DEFAULT_DATABASE_POOL_SIZE);
        } catch (IllegalArgumentException e) {
            throw new StartupException(errors.qualify("database", e.getMessage()), e);
        }
    }
}

package org.quicfiles.app.internal.config;

import java.util.regex.Pattern;

/**
 * The configuration keys the server itself reads. Every other key belongs to a provider, which
 * declares it ({@code configKeys()} of the api's provider interfaces) and checks its value; the
 * server only refuses keys nobody declares ({@link KnownKeys}).
 */
public final class ConfigKeys {
    /** The data folder (database, key, blobs, plugin folders). */
    public static final String DATA_DIR = "server.data-dir";
    /** The identity key file; {@code <data>/key} when unset. */
    public static final String KEY_FILE = "server.key-file";
    /** The plugins folder; {@code <installation>/plugins} when unset. */
    public static final String PLUGINS_DIR = "server.plugins-dir";
    /**
     * Whether a plugin jar or folder that cannot be loaded is skipped (reported in one line) instead
     * of stopping start-up; {@code false} by default.
     */
    public static final String SKIP_BROKEN_PLUGINS = "server.skip-broken-plugins";
    /** Forces a storage provider by name. */
    public static final String STORAGE_PROVIDER = "storage.provider";
    /** The blob folder; {@code <data>/blobs} when unset. */
    public static final String STORAGE_DIR = "storage.directory";
    /** Forces a transport provider by name. */
    public static final String TRANSPORT_PROVIDER = "transport.provider";
    /** The address the transport binds (the server sets the default and checks the port is free). */
    public static final String ADDRESS = "transport.address";
    /** The UDP port the transport binds; 0 picks a free one. */
    public static final String PORT = "transport.port";

    /**
     * The metadata database: a {@code jdbc:postgresql://HOST[:PORT]/DATABASE[?PARAMS]} URL shared by
     * several front ends; unset, the embedded SQLite file {@code <data>/quicfiles.db}.
     */
    public static final String DATABASE_URL = "database.url";
    /** The PostgreSQL user, unless the URL names it. */
    public static final String DATABASE_USER = "database.user";
    /**
     * The PostgreSQL password, unless the URL holds it; best set through the environment
     * ({@code QUICFILES_DATABASE_PASSWORD}) or a config file only the service can read. Never logged.
     */
    public static final String DATABASE_PASSWORD = "database.password";
    /** The most PostgreSQL connections one front end keeps open (default 10). */
    public static final String DATABASE_POOL_SIZE = "database.pool-size";
    /**
     * The embedded SQLite database's page cache, shared out between its connections (default derived
     * from {@link #MEMORY}: 1/32); read only without {@link #DATABASE_URL}.
     */
    public static final String DATABASE_SQLITE_CACHE = "database.sqlite-cache";
    /** The default of {@link #DATABASE_POOL_SIZE}. */
    public static final int DEFAULT_DATABASE_POOL_SIZE = 10;

    /**
     * Log levels: {@code info} (the root), {@code debug,quicfiles.access=off} (root and one logger);
     * read by {@code serve}, not by an embedded server, whose program owns its logging.
     */
    public static final String LOG_LEVEL = "server.log-level";
    /** {@code text} (default) or {@code json}: one JSON object per line. */
    public static final String LOG_FORMAT = "server.log-format";
    /** The log file, rotated by size; stderr when unset. */
    public static final String LOG_FILE = "server.log-file";
    /** The size at which the log file is rotated (default 10M). */
    public static final String LOG_FILE_SIZE = "server.log-file-size";
    /** How many rotated log files are kept (default 5, at most 20). */
    public static final String LOG_FILE_COUNT = "server.log-file-count";

    /**
     * The admin HTTP listener, {@code HOST:PORT} on a loopback address (e.g. {@code 127.0.0.1:9464}):
     * {@code /metrics}, {@code /health/live}, {@code /health/ready}; off when unset.
     */
    public static final String ADMIN = "server.admin";

    /**
     * The memory the whole process may use (default 256M): the launcher sizes the JVM from it and the
     * server derives its budgets ({@code MemoryBudget}).
     */
    public static final String MEMORY = "server.memory";

    /** The keys above: known whatever providers are installed. */
    public static final java.util.Set<String> SERVER_KEYS = java.util.Set.of(DATA_DIR, KEY_FILE, PLUGINS_DIR,
            SKIP_BROKEN_PLUGINS, STORAGE_PROVIDER, STORAGE_DIR, TRANSPORT_PROVIDER, ADDRESS, PORT,
            LOG_LEVEL, LOG_FORMAT, LOG_FILE, LOG_FILE_SIZE, LOG_FILE_COUNT,
            DATABASE_URL, DATABASE_USER, DATABASE_PASSWORD, DATABASE_POOL_SIZE, DATABASE_SQLITE_CACHE, ADMIN, MEMORY);

    /** The default bind address. */
    public static final String DEFAULT_ADDRESS = "0.0.0.0";
    /** The protocol's default port. */
    public static final int DEFAULT_PORT = 11235;
    /** The default data folder, relative to the working directory. */
    public static final String DEFAULT_DATA_DIR = "./data";
    /** The metadata database's file name inside the data folder. */
    public static final String DATABASE_FILE = "quicfiles.db";

    private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\.[a-z0-9][a-z0-9_-]*)+");

    private ConfigKeys() {
    }

    /**
     * Checks that {@code key} is a dotted lower-case key such as {@code files.max-size}.
     *
     * @param where the source, for the message
     * @throws ConfigException otherwise
     */
    public static void requireValidKey(String key, String where) throws ConfigException {
        if (!KEY.matcher(key).matches()) {
            throw new ConfigException(where + ": '" + key
                    + "' is not a configuration key (lower-case dotted words, e.g. files.max-size)");
        }
    }
}

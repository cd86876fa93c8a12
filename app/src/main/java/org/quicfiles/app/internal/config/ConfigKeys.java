package org.quicfiles.app.internal.config;

import java.util.regex.Pattern;

/**
 * The configuration keys the application itself reads or that its flags set. Plugins read their own
 * keys under {@code <plugin name>.}; any key may be given with {@code --set key=value}.
 */
public final class ConfigKeys {
    /** The data folder (database, key, blobs, plugin folders). */
    public static final String DATA_DIR = "server.data-dir";
    /** The identity key file; {@code <data>/key} when unset. */
    public static final String KEY_FILE = "server.key-file";
    /** The plugins folder; {@code <installation>/plugins} when unset. */
    public static final String PLUGINS_DIR = "server.plugins-dir";
    /** Forces a storage provider by name. */
    public static final String STORAGE_PROVIDER = "storage.provider";
    /** The blob folder; {@code <data>/blobs} when unset. */
    public static final String STORAGE_DIR = "storage.directory";
    /** Forces a transport provider by name. */
    public static final String TRANSPORT_PROVIDER = "transport.provider";
    /** The address the transport binds. */
    public static final String ADDRESS = "transport.address";
    /** The UDP port the transport binds; 0 picks a free one. */
    public static final String PORT = "transport.port";
    /** Bidirectional streams per connection. */
    public static final String MAX_STREAMS = "transport.max-streams";
    /** The connection idle timeout. */
    public static final String IDLE_TIMEOUT = "transport.idle-timeout";
    /** Whether 0-RTT is accepted. */
    public static final String ZERO_RTT = "transport.0rtt";
    /** The transport's I/O flavour (e.g. {@code epoll}, {@code io_uring}, {@code nio}). */
    public static final String IO = "transport.io";
    /** The largest upload in bytes. */
    public static final String MAX_SIZE = "files.max-size";
    /** The longest time to live. */
    public static final String MAX_TTL = "files.max-ttl";
    /** Random decimal ids instead of content ids. */
    public static final String COMPAT_IDS = "files.compat-ids";
    /** Whether the expiry deleter runs. */
    public static final String DELETE_EXPIRED = "files.delete-expired";
    /** How often the expiry deleter runs. */
    public static final String DELETE_PERIOD = "files.delete-period";

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

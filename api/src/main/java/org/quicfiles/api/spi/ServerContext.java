package org.quicfiles.api.spi;

import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.quicfiles.api.Config;
import org.quicfiles.api.storage.BlobStore;

/**
 * What the server offers an endpoint plugin. Plugins learn about storage and the database only
 * through this context.
 *
 * @since 0.1.0 (api version 1)
 */
public interface ServerContext {
    /** The plugin's own configuration section (keys under {@code <plugin name>.}). */
    Config config();

    /** The server's blob store. */
    BlobStore blobStore();

    /** The metadata database. Connections are cheap to get and must be closed after use. */
    DataSource dataSource();

    /** The database's dialect, for the little SQL that differs. */
    SqlDialect sqlDialect();

    /** The clock every time decision must use, so that tests can control time. */
    Clock clock();

    /** A shared scheduler for background tasks; tasks must not block for long. */
    ScheduledExecutorService scheduler();

    /** The plugin's logger. */
    System.Logger logger();

    /** A folder the plugin may keep files in (its own sub-folder of the data folder). */
    Path dataDirectory();

    /**
     * Where the plugin may publish its own counters, timers and gauges (names are put after the
     * plugin's name); they show on the admin listener's {@code /metrics}.
     *
     * @since 0.1.0 (api version 1: a default method, so contexts built before it still compile)
     */
    default Meters meters() {
        return Meters.NONE;
    }

    /** The SQL dialects a metadata database may speak. */
    enum SqlDialect {
        /** The embedded default. */
        SQLITE,
        /** Shared metadata for several servers. */
        POSTGRESQL
    }
}

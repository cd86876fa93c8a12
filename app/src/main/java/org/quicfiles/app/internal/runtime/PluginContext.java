package org.quicfiles.app.internal.runtime;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import javax.sql.DataSource;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.Meters;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.api.storage.BlobStore;

/**
 * The {@link ServerContext} one plugin gets.
 *
 * @param config the plugin's section
 * @param blobStore the server's store
 * @param dataSource the metadata database
 * @param sqlDialect its dialect
 * @param clock the server's clock
 * @param scheduler the shared scheduler; plugins see it without its lifecycle methods
 * @param logger the plugin's logger
 * @param dataDirectory {@code <data>/<plugin name>}, created
 * @param meters the plugin's meters, named under {@code quicfiles.<plugin name>.}
 */
public record PluginContext(Config config, BlobStore blobStore, DataSource dataSource, SqlDialect sqlDialect,
                            Clock clock, ScheduledExecutorService scheduler, System.Logger logger,
                            Path dataDirectory, Meters meters) implements ServerContext {
    /** Checks the fields. */
    public PluginContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(blobStore, "blobStore");
        Objects.requireNonNull(dataSource, "dataSource");
        Objects.requireNonNull(sqlDialect, "sqlDialect");
        Objects.requireNonNull(clock, "clock");
        scheduler = scheduler instanceof SharedScheduler ? scheduler : new SharedScheduler(scheduler);
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        Objects.requireNonNull(meters, "meters");
    }
}

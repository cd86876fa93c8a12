package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.plugin.support.sql.LeaderLock;
import org.quicfiles.api.spi.ServerContext;

/**
 * A started files plugin: its table migrated, recovery done, the deleter scheduled, and the
 * endpoints wired. {@link FilesEndpointProvider#create} hands out {@link #endpoints()}; tests also
 * reach the {@link #deleter()}.
 *
 * @param endpoints the endpoints to serve; closing stops the deleter
 * @param deleter the expiry deleter (scheduled or not)
 * @param recovery what start-up recovery removed
 */
record FilesPlugin(Endpoints endpoints, ExpiryDeleter deleter, StartupRecovery.Report recovery) {
    /** The name of the deleter's {@link LeaderLock}, the same on every server. */
    static final String LEADER_TASK = "files.expiry-deleter";

    /** Migrates, recovers, schedules the deleter (unless {@code delete-expired} is off) and wires the endpoints. */
    static FilesPlugin start(ServerContext context) throws SQLException, IOException {
        FilesSettings settings = FilesSettings.from(context.config(),
                context.sqlDialect() == ServerContext.SqlDialect.POSTGRESQL);
        System.Logger logger = context.logger();
        FilesTable table = new FilesTable(context.dataSource(), context.sqlDialect());
        table.migrate();

        StartupRecovery.Report recovery = new StartupRecovery(context.blobStore(), table,
                context.sqlDialect() == ServerContext.SqlDialect.POSTGRESQL).run();
        logger.log(System.Logger.Level.INFO, recovery.describe());

        FileCatalog catalog = new FileCatalog(context.blobStore(), table, new IdLocks(), context.clock(), logger,
                new RecentFiles(context.clock(), settings.infoCache()));
        LeaderLock leader = new LeaderLock(context.dataSource(), context.sqlDialect(), LEADER_TASK);
        ExpiryDeleter deleter = new ExpiryDeleter(table, catalog, context.clock(), logger, leader,
                new FilesMeters(context.meters(), table, logger));
        ScheduledFuture<?> schedule = settings.deleteExpired()
                ? context.scheduler().scheduleWithFixedDelay(deleter, settings.deletePeriod().toMillis(),
                        settings.deletePeriod().toMillis(), TimeUnit.MILLISECONDS)
                : null;

        Endpoints endpoints = new Endpoints(
                Map.of(PutStreamCommand.NAME, new PutStreamCommand(context.blobStore(), catalog, settings),
                        GetStreamCommand.NAME, new GetStreamCommand(context.blobStore(), catalog)),
                Map.of(FileInfoEndpoint.NAME, new FileInfoEndpoint(catalog),
                        FileExtendEndpoint.NAME, new FileExtendEndpoint(catalog, settings)),
                () -> {
                    if (schedule != null) {
                        schedule.cancel(false);
                    }
                    leader.close();
                });
        return new FilesPlugin(endpoints, deleter, recovery);
    }
}

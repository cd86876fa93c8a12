package org.quicfiles.endpoints.files.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quicfiles.plugin.support.sql.LeaderLock;

/**
 * Removes expired files: for each expired id, its row and then its blob, under the id's lock (see
 * {@link FileCatalog#deleteIfExpired}). Scheduled every {@code delete-period}; a scheduled pass runs
 * only on the server that leads (a {@link LeaderLock}: on PostgreSQL exactly one of the servers
 * sharing the database, taken over within a period when it dies; on SQLite always). Tests call
 * {@link #runOnce()} directly with a clock they control.
 */
final class ExpiryDeleter implements Runnable {
    /** Ids listed per query, so that one pass never holds a huge list. */
    static final int BATCH = 500;

    private final FilesTable table;
    private final FileCatalog catalog;
    private final Clock clock;
    private final System.Logger logger;
    private final AtomicBoolean running = new AtomicBoolean();
    private final LeaderLock leader;
    private final FilesMeters meters;

    /** @param meters where a pass this server ran (as the leader) is counted */
    ExpiryDeleter(FilesTable table, FileCatalog catalog, Clock clock, System.Logger logger, LeaderLock leader,
                  FilesMeters meters) {
        this.leader = leader;
        this.meters = meters;
        this.table = table;
        this.catalog = catalog;
        this.clock = clock;
        this.logger = logger;
    }

    /**
     * Deletes every file expired at the clock's now.
     *
     * @return how many files were deleted
     */
    int runOnce() throws SQLException {
        long now = clock.instant().getEpochSecond();
        int deleted = 0;
        List<String> batch;
        do {
            batch = table.expiredIds(now, BATCH);
            for (String id : batch) {
                if (catalog.deleteIfExpired(id, now)) {
                    deleted++;
                }
            }
        } while (batch.size() == BATCH);
        return deleted;
    }

    /**
     * A pass if this server leads.
     *
     * @return how many files were deleted, or -1 when another server leads
     */
    int runIfLeading() throws SQLException {
        boolean wasLeading = leader.holds();
        if (!leader.tryLead()) {
            return -1;
        }
        if (!wasLeading) {
            logger.log(System.Logger.Level.INFO, "this server now runs the expiry deleter");
        }
        return runOnce();
    }

    /**
     * One scheduled pass, run on a virtual thread so that the shared scheduler never waits on the
     * disk or the database; skipped while the previous pass is still running.
     */
    @Override
    public void run() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Thread.ofVirtual().name("files-expiry-deleter").start(() -> {
            try {
                int deleted = runIfLeading();
                if (deleted >= 0) {
                    meters.deleterRan(deleted);
                }
                if (deleted > 0) {
                    logger.log(System.Logger.Level.DEBUG, "deleted {0} expired files", deleted);
                }
            } catch (SQLException | RuntimeException e) {
                logger.log(System.Logger.Level.WARNING, "expiry deleter failed; retrying next period", e);
            } finally {
                running.set(false);
            }
        });
    }
}

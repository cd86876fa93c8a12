package org.quicfiles.endpoints.files.internal;

import java.sql.SQLException;
import org.quicfiles.api.spi.Meters;

/**
 * What the files plugin publishes through the api's {@link Meters} (decision note 0414):
 * {@code count} and {@code bytes} of the stored files (read from the table when scraped, one query
 * for both, kept for a second), and the expiry deleter's {@code deleter.runs} and
 * {@code deleter.deleted}. The server names them {@code quicfiles_files_count} and so on.
 */
final class FilesMeters {
    private static final long FRESH_NANOS = 1_000_000_000L;

    private final FilesTable table;
    private final System.Logger logger;
    private final Meters.Counter runs;
    private final Meters.Counter deleted;
    private long[] totals;
    private long readAt;

    FilesMeters(Meters meters, FilesTable table, System.Logger logger) {
        this.table = table;
        this.logger = logger;
        meters.gauge("count", "files stored (rows of the files table)", () -> totals()[0]);
        meters.gauge("bytes", "bytes of the files stored", () -> totals()[1]);
        runs = meters.counter("deleter.runs", "passes of the expiry deleter");
        deleted = meters.counter("deleter.deleted", "expired files the deleter removed");
    }

    /** One deleter pass ended, having removed {@code files}. */
    void deleterRan(int files) {
        runs.increment();
        deleted.increment(files);
    }

    private synchronized long[] totals() {
        long now = System.nanoTime();
        if (totals == null || now - readAt > FRESH_NANOS) {
            try {
                totals = table.totals();
                readAt = now;
            } catch (SQLException e) {
                logger.log(System.Logger.Level.WARNING, "cannot count the stored files for the metrics", e);
                return new long[] {-1, -1};
            }
        }
        return totals;
    }
}

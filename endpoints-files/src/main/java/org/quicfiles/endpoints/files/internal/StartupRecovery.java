package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.quicfiles.api.storage.BlobStore;

/**
 * Reconciles the store with the table at start-up, before this server's first upload: removes
 * temporaries left by a crash, deletes rows whose blob is missing, and deletes blobs that have no
 * row (a crash between the blob's commit and its row's insert, or between a row's delete and its
 * blob's).
 *
 * <p>On a shared database (PostgreSQL, decision note 0423) other front ends keep serving while
 * this one starts, so the two snapshots (blobs, then rows) may catch another server between an
 * upload's blob commit and its row's commit. A blob without a row is therefore deleted only under
 * its id's lock across servers ({@link FilesTable#guard}), which every upload holds from its blob
 * commit to its row's commit, and only if the row is still missing then. Rows whose blob this
 * store lacks are <em>kept</em> there (counted and logged): on a shared database a missing blob
 * most likely means this front end was started with another store than the others, and deleting
 * would destroy their files; such rows go when they expire.
 */
final class StartupRecovery {
    /**
     * What recovery removed.
     *
     * @param leftovers temporaries removed
     * @param rowsWithoutBlob rows deleted because their blob was missing
     * @param blobsWithoutRow blobs deleted because they had no row
     * @param rowsKept rows whose blob was missing, kept because the database is shared
     */
    record Report(int leftovers, int rowsWithoutBlob, int blobsWithoutRow, int rowsKept) {
        Report(int leftovers, int rowsWithoutBlob, int blobsWithoutRow) {
            this(leftovers, rowsWithoutBlob, blobsWithoutRow, 0);
        }

        /**
         * The log line. The server's store removes unfinished uploads when it opens and says so
         * first; this line must not read as if that had not happened, so it names only what
         * recovery itself found and says plainly when that is nothing.
         */
        String describe() {
            java.util.List<String> removed = new java.util.ArrayList<>();
            if (leftovers > 0) {
                removed.add(leftovers + " more unfinished upload" + (leftovers == 1 ? "" : "s"));
            }
            if (rowsWithoutBlob > 0) {
                removed.add(rowsWithoutBlob + " row" + (rowsWithoutBlob == 1 ? "" : "s") + " whose blob was missing");
            }
            if (blobsWithoutRow > 0) {
                removed.add(blobsWithoutRow + " blob" + (blobsWithoutRow == 1 ? "" : "s") + " without a row");
            }
            String kept = rowsKept == 0 ? "" : "; kept " + rowsKept + " row" + (rowsKept == 1 ? "" : "s")
                    + " whose blob this store lacks (shared database: is this front end on the others' storage?)";
            return (removed.isEmpty() ? "files recovery: table and store agree, nothing else to remove"
                    : "files recovery removed " + String.join(", ", removed)) + kept;
        }
    }

    private final BlobStore store;
    private final FilesTable table;
    private final boolean shared;

    /**
     * @param shared whether other servers share the database (PostgreSQL): then rows without a
     *               blob are kept and blobs are deleted only under their id's lock
     */
    StartupRecovery(BlobStore store, FilesTable table, boolean shared) {
        this.store = store;
        this.table = table;
        this.shared = shared;
    }

    /** Runs recovery once. */
    Report run() throws IOException, SQLException {
        int leftovers = store.removeLeftovers();
        Set<String> blobsWithoutRow = new HashSet<>(store.ids());
        int rowsWithoutBlob = 0;
        int rowsKept = 0;
        for (String id : table.allIds()) {
            if (blobsWithoutRow.remove(id)) {
                continue;
            }
            if (shared) {
                rowsKept++;
            } else if (table.delete(id)) {
                rowsWithoutBlob++;
            }
        }
        int deletedBlobs = 0;
        for (String id : blobsWithoutRow) {
            if (deleteIfStillWithoutRow(id)) {
                deletedBlobs++;
            }
        }
        return new Report(leftovers, rowsWithoutBlob, deletedBlobs, rowsKept);
    }

    /**
     * Deletes {@code id}'s blob unless its row exists once the id's lock is held: an upload on
     * another server that has committed the blob but not yet its row holds that lock until the
     * row is committed (or until its process dies, which ends its session and frees the lock).
     */
    private boolean deleteIfStillWithoutRow(String id) throws IOException, SQLException {
        try (FilesTable.IdGuard guard = table.guard(id)) {
            if (table.find(guard, id).isPresent()) {
                return false;
            }
            return store.delete(id);
        }
    }
}

package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.quicfiles.api.storage.BlobStore;

/**
 * Reconciles the store with the table at start-up, before any upload: removes temporaries left by
 * a crash, deletes rows whose blob is missing, and deletes blobs that have no row (a crash between
 * the blob's commit and its row's insert, or between a row's delete and its blob's).
 */
final class StartupRecovery {
    /**
     * What recovery removed.
     *
     * @param leftovers temporaries removed
     * @param rowsWithoutBlob rows deleted because their blob was missing
     * @param blobsWithoutRow blobs deleted because they had no row
     */
    record Report(int leftovers, int rowsWithoutBlob, int blobsWithoutRow) {
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
            return removed.isEmpty() ? "files recovery: table and store agree, nothing else to remove"
                    : "files recovery removed " + String.join(", ", removed);
        }
    }

    private final BlobStore store;
    private final FilesTable table;

    StartupRecovery(BlobStore store, FilesTable table) {
        this.store = store;
        this.table = table;
    }

    /** Runs recovery once. */
    Report run() throws IOException, SQLException {
        int leftovers = store.removeLeftovers();
        Set<String> blobsWithoutRow = new HashSet<>(store.ids());
        int rowsWithoutBlob = 0;
        for (String id : table.allIds()) {
            if (!blobsWithoutRow.remove(id) && table.delete(id)) {
                rowsWithoutBlob++;
            }
        }
        int deletedBlobs = 0;
        for (String id : blobsWithoutRow) {
            if (store.delete(id)) {
                deletedBlobs++;
            }
        }
        return new Report(leftovers, rowsWithoutBlob, deletedBlobs);
    }
}

package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Schema migrations across restarts. */
class RecoveryTest {
    @TempDir
    Path root;

    @Test
    void migrationsRunOnceAndAreRecordedUnderTheFilesComponent() throws Exception {
        try (FilesFixture files = new FilesFixture(root)) {
            files.put(FilesEndpointContract.randomBytes(10, 3));
            files.restart();
            assertEquals(1, files.rowCount(), "a restart keeps the rows");
            assertEquals(new StartupRecovery.Report(0, 0, 0), files.plugin.recovery());
            try (var connection = files.dataSource.getConnection();
                 var statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT version FROM schema_version WHERE component = 'files'")) {
                rows.next();
                assertEquals(FilesTable.MIGRATIONS.size(), rows.getInt(1));
            }
        }
    }

    @Test
    void theLogLineDoesNotReadAsIfNothingWasCleaned() {
        assertEquals("files recovery: table and store agree, nothing else to remove",
                new StartupRecovery.Report(0, 0, 0).describe());
        assertEquals("files recovery removed 1 more unfinished upload, 2 rows whose blob was missing, 3 blobs without a row",
                new StartupRecovery.Report(1, 2, 3).describe());
        assertEquals("files recovery removed 1 blob without a row", new StartupRecovery.Report(0, 0, 1).describe());
        assertEquals("files recovery: table and store agree, nothing else to remove; kept 2 rows whose blob this store"
                + " lacks (shared database: is this front end on the others' storage?)",
                new StartupRecovery.Report(0, 0, 0, 2).describe());
    }
}

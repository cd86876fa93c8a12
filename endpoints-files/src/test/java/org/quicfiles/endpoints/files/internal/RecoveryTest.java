package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.quicfiles.endpoints.files.internal.FilesFixture.assertFails;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.storage.BlobWriter;

class RecoveryTest {
    @TempDir
    Path root;

    @Test
    void restartRemovesLeftoversAndReconcilesRowsWithBlobs() throws Exception {
        try (FilesFixture files = new FilesFixture(root)) {
            byte[] kept = PutGetTest.randomBytes(1000, 1);
            FileInfo keptFile = files.put(kept);
            FileInfo rowOnly = files.put(PutGetTest.randomBytes(1000, 2));
            files.store.delete(rowOnly.id());

            // a crash after the blob's commit, before its row: a committed blob without a row
            BlobWriter orphan = files.store.create();
            orphan.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            orphan.commit("C".repeat(44));
            // a crash in the middle of an upload: a temporary left behind
            files.store.create().write(ByteBuffer.wrap(new byte[] {4}));
            assertEquals(1, files.temporaryCount());

            files.restart();

            assertEquals(new StartupRecovery.Report(1, 1, 1), files.plugin.recovery());
            assertEquals(0, files.temporaryCount());
            assertEquals(1, files.rowCount());
            assertEquals(1, files.blobCount());
            assertArrayEquals(kept, files.get(keptFile.id()));
            assertFails(ErrorCode.NOT_FOUND, () -> files.handle("GET", FakeExchange.get(rowOnly.id())));
        }
    }

    @Test
    void migrationsRunOnceAndAreRecordedUnderTheFilesComponent() throws Exception {
        try (FilesFixture files = new FilesFixture(root)) {
            files.put(PutGetTest.randomBytes(10, 3));
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
}

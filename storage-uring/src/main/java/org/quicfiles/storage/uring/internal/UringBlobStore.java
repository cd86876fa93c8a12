package org.quicfiles.storage.uring.internal;

import java.io.IOException;
import java.nio.file.Path;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.storage.local.internal.LocalBlobStore;
import org.quicfiles.storage.local.internal.StorageErrors;
import org.quicfiles.storage.local.internal.StoreLayout;

/**
 * A blob store whose file operations (OPENAT, READ, WRITE, FSYNC, RENAMEAT, UNLINKAT, CLOSE, STATX)
 * are io_uring submissions on the store's own {@link UringRing}. Listings and shard-folder creation
 * stay with the shared layer: they are rare and gain nothing from the ring.
 */
final class UringBlobStore extends LocalBlobStore {
    private static final int CREATE_ATTEMPTS = 8;
    private static final int FILE_MODE = StoreLayout.FILE_MODE;

    private final UringRing ring;
    private final UringSettings settings;
    private final ChunkPool pool;

    UringBlobStore(StoreLayout layout, UringRing ring, UringSettings settings, System.Logger logger) {
        super(layout, logger);
        this.ring = ring;
        this.settings = settings;
        this.pool = new ChunkPool(settings.chunkSize(), settings.maxBuffers());
    }

    @Override
    protected String providerName() {
        return UringStorageProvider.NAME;
    }

    @Override
    public BlobWriter create() throws IOException {
        ensureOpen();
        UringFiles files = ring.next();
        for (int attempt = 1; ; attempt++) {
            Path temporary = layout.newTemporary();
            int fd = files.tryOpen(temporary, UringFiles.O_WRONLY | UringFiles.O_CREAT | UringFiles.O_EXCL, FILE_MODE);
            if (fd >= 0) {
                UringBlobWriter writer = new UringBlobWriter(this, files, temporary, fd,
                        pool, settings.writeBehind());
                track(writer);
                return writer;
            }
            if (fd != -UringFiles.EEXIST || attempt == CREATE_ATTEMPTS) {
                throw StorageErrors.fromErrno("create temporary " + temporary.getFileName(), fd);
            }
        }
    }

    @Override
    public BlobReader open(String id) throws IOException {
        Path blob = layout.blob(id);
        ensureOpen();
        UringFiles files = ring.next();
        int fd = files.open(blob, UringFiles.O_RDONLY, 0, "open blob " + id);
        try {
            return new UringBlobReader(files, fd, files.size(fd, "size of blob " + id),
                    pool, settings.readAhead());
        } catch (IOException | RuntimeException e) {
            files.close(fd);
            throw e;
        }
    }

    @Override
    public boolean delete(String id) throws IOException {
        Path blob = layout.blob(id);
        ensureOpen();
        // unlink: a reader that opened the blob keeps its file and reads it to the end
        return ring.next().unlink(blob, "delete blob " + id);
    }

    /**
     * Makes a written, synced and closed temporary the blob {@code id}: rename over any blob of that
     * id, then sync the shard folder. The temporary is gone afterwards whatever happens; on failure
     * no blob {@code id} is visible.
     */
    void publish(Path temporary, String id) throws StorageException {
        Path target = layout.blob(id);
        UringFiles files = ring.next();
        boolean moved = false;
        try {
            Path shard = prepareShard(id);
            files.rename(temporary, target, "commit blob " + id);
            moved = true;
            files.syncDirectory(shard);
        } catch (IOException e) {
            removeQuietly(moved ? target : temporary);
            throw StorageErrors.fromIo("commit blob " + id, e);
        }
    }

    /** Removes an aborted upload's temporary. */
    void removeTemporary(UringFiles files, Path temporary) {
        try {
            files.unlink(temporary, "remove upload " + temporary.getFileName());
        } catch (StorageException e) {
            removeQuietly(temporary);
        }
    }

    @Override
    protected void syncDirectory(Path directory) throws IOException {
        ring.next().syncDirectory(directory);
    }

    @Override
    protected void closeResources() {
        ring.close();
        pool.close();
    }
}

package org.quicfiles.storage.local.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.StorageException;

/**
 * What every local provider's store does the same way, whatever it does its blob I/O with: the
 * listings, the leftovers (temporaries of no live upload), the live-upload registry that the
 * store's close aborts, and the shard folder a commit renames into. Subclasses do the blob I/O.
 */
public abstract class LocalBlobStore implements BlobStore {
    /** A live upload as the store sees it: a temporary it must not list as a leftover. */
    public interface Upload {
        /** The file name of its temporary in {@code uploads/}. */
        String temporaryName();

        /** Aborts it because the store closes; its next call fails with a {@link StorageException}. */
        void abortForClose();
    }

    protected final StoreLayout layout;
    protected final System.Logger logger;
    private final Set<Upload> openUploads = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    protected LocalBlobStore(StoreLayout layout, System.Logger logger) {
        this.layout = layout;
        this.logger = logger;
    }

    /** The provider's name, the first word of {@link #describe()}. */
    protected abstract String providerName();

    /** Releases what the subclass holds; called once by {@link #close()} after uploads are aborted. */
    protected void closeResources() throws IOException {
    }

    /** Makes a directory's entries durable (fsync of the directory). */
    protected abstract void syncDirectory(Path directory) throws IOException;

    @Override
    public boolean exists(String id) {
        return Files.isRegularFile(layout.blob(id));
    }

    @Override
    public List<String> ids() throws IOException {
        try {
            return layout.listIds();
        } catch (IOException e) {
            throw StorageErrors.fromIo("list blobs", e);
        }
    }

    @Override
    public List<String> leftovers() throws IOException {
        Set<String> active = new HashSet<>();
        for (Upload upload : openUploads) {
            active.add(upload.temporaryName());
        }
        try {
            return layout.listTemporaries().stream().filter(name -> !active.contains(name)).toList();
        } catch (IOException e) {
            throw StorageErrors.fromIo("list temporaries", e);
        }
    }

    @Override
    public int removeLeftovers() throws IOException {
        int removed = 0;
        for (String name : leftovers()) {
            try {
                if (Files.deleteIfExists(layout.uploads().resolve(name))) {
                    removed++;
                }
            } catch (IOException e) {
                throw StorageErrors.fromIo("remove leftover " + name, e);
            }
        }
        return removed;
    }

    @Override
    public String describe() {
        return providerName() + " " + layout.root();
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        for (Upload upload : List.copyOf(openUploads)) {
            upload.abortForClose();
        }
        closeResources();
    }

    /** Registers a live upload (its temporary is no leftover). */
    protected void track(Upload upload) {
        openUploads.add(upload);
    }

    /** Forgets a finished upload. */
    public void forget(Upload upload) {
        openUploads.remove(upload);
    }

    /**
     * The shard folder blob {@code id} is renamed into, created if missing; a new shard folder is
     * made durable in {@code files/} before anything is renamed into it.
     */
    protected Path prepareShard(String id) throws IOException {
        Path shard = layout.shardOf(id);
        if (!Files.isDirectory(shard)) {
            Files.createDirectories(shard, StoreLayout.folderMode());
            syncDirectory(layout.files());
        }
        return shard;
    }

    /** Removes a file, logging (not throwing) when it cannot: the next start removes leftovers. */
    public void removeQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            logger.log(System.Logger.Level.WARNING, "cannot remove " + path + ": " + e.getMessage()
                    + " (removeLeftovers() will retry at the next start)");
        }
    }

    /** Fails if the store was closed. */
    protected void ensureOpen() throws StorageException {
        if (closed) {
            throw new StorageException(StorageException.Kind.IO_ERROR, describe() + " is closed", null);
        }
    }

    /** The layout this store lives in. */
    public StoreLayout layout() {
        return layout;
    }
}

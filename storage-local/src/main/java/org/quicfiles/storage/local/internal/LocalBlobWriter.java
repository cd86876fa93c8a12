package org.quicfiles.storage.local.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;

/**
 * What both providers' writers of a temporary blob share: the byte count and the life cycle
 * (writable → committed or closed, or aborted by the store's close) around the provider's own I/O.
 */
public abstract class LocalBlobWriter implements BlobWriter, LocalBlobStore.Upload {
    private final LocalBlobStore store;
    private final Path temporary;
    private long size;
    private boolean finished;
    private volatile boolean abortedByStore;

    protected LocalBlobWriter(LocalBlobStore store, Path temporary) {
        this.store = store;
        this.temporary = temporary;
    }

    /** Takes all of {@code src} into the temporary (or into buffers bound for it). */
    protected abstract void append(ByteBuffer src) throws IOException;

    /**
     * Makes the temporary durable and publishes it under {@code id}; on failure, leaves no
     * temporary behind.
     */
    protected abstract void persist(String id) throws IOException;

    /** Gives back what the upload holds and removes its temporary. */
    protected abstract void abandon();

    @Override
    public final int write(ByteBuffer src) throws IOException {
        ensureWritable();
        int count = src.remaining();
        append(src);
        size += count;
        return count;
    }

    @Override
    public final long size() {
        return size;
    }

    @Override
    public final void commit(String id) throws IOException {
        BlobIds.requireValid(id);
        ensureWritable();
        finished = true;
        store.forget(this);
        persist(id);
    }

    @Override
    public final boolean isOpen() {
        return !finished;
    }

    @Override
    public final void close() {
        if (finished) {
            return;
        }
        finished = true;
        store.forget(this);
        abandon();
    }

    @Override
    public final void abortForClose() {
        abortedByStore = true;
        close();
    }

    @Override
    public final String temporaryName() {
        return temporary.getFileName().toString();
    }

    protected final Path temporary() {
        return temporary;
    }

    private void ensureWritable() throws StorageException {
        if (abortedByStore) {
            throw new StorageException(StorageException.Kind.IO_ERROR, "upload aborted: the store was closed", null);
        }
        if (finished) {
            throw new IllegalStateException("blob writer already committed or closed");
        }
    }
}

package org.quicfiles.storage.uring.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.storage.uring.internal.LocalBlobStore;
import org.quicfiles.storage.uring.internal.StorageErrors;

/**
 * A temporary blob written through a {@link FileChannel}. Small writes are coalesced into one
 * chunk-sized direct buffer, so the disk sees chunk-sized writes whatever size the network delivers.
 */
final class NioBlobWriter implements BlobWriter, LocalBlobStore.Upload {
    private final NioBlobStore store;
    private final Path temporary;
    private final FileChannel channel;
    private final ByteBuffer pending;
    private long size;
    private boolean finished;
    private volatile boolean abortedByStore;

    NioBlobWriter(NioBlobStore store, Path temporary, FileChannel channel, int chunkSize) {
        this.store = store;
        this.temporary = temporary;
        this.channel = channel;
        this.pending = ByteBuffer.allocateDirect(chunkSize);
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        ensureWritable();
        int count = src.remaining();
        try {
            if (pending.position() == 0 && count >= pending.capacity()) {
                writeFully(src);
            } else {
                while (src.hasRemaining()) {
                    int take = Math.min(src.remaining(), pending.remaining());
                    pending.put(pending.position(), src, src.position(), take);
                    pending.position(pending.position() + take);
                    src.position(src.position() + take);
                    if (!pending.hasRemaining()) {
                        flush();
                    }
                }
            }
        } catch (IOException e) {
            throw StorageErrors.fromIo("write upload " + temporaryName(), e);
        }
        size += count;
        return count;
    }

    @Override
    public long size() {
        return size;
    }

    @Override
    public void commit(String id) throws IOException {
        NioBlobStore.checkId(id);
        ensureWritable();
        finished = true;
        store.forget(this);
        try {
            flush();
        } catch (IOException e) {
            closeChannelQuietly();
            store.removeQuietly(temporary);
            throw StorageErrors.fromIo("write upload " + temporaryName(), e);
        }
        store.publish(temporary, channel, id);
    }

    @Override
    public boolean isOpen() {
        return !finished;
    }

    @Override
    public void close() {
        if (finished) {
            return;
        }
        finished = true;
        store.forget(this);
        closeChannelQuietly();
        store.removeQuietly(temporary);
    }

    @Override
    public void abortForClose() {
        abortedByStore = true;
        close();
    }

    @Override
    public String temporaryName() {
        return temporary.getFileName().toString();
    }

    private void flush() throws IOException {
        pending.flip();
        writeFully(pending);
        pending.clear();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private void closeChannelQuietly() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // the temporary is removed next; a failed close changes nothing for an aborted blob
        }
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

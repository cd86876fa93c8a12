package org.quicfiles.storage.local.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.quicfiles.storage.local.internal.LocalBlobWriter;
import org.quicfiles.storage.local.internal.StorageErrors;

/**
 * A temporary blob written through a {@link FileChannel}. Small writes are coalesced into one
 * chunk-sized direct buffer borrowed from the store's {@link DirectChunks}, so the disk sees
 * chunk-sized writes whatever size the network delivers; when the budget is lent out, writes go to
 * the file as they come.
 */
final class NioBlobWriter extends LocalBlobWriter {
    private final NioBlobStore store;
    private final FileChannel channel;
    private final DirectChunks chunks;
    /** The borrowed chunk, or null (none borrowed yet, or none to borrow). */
    private ByteBuffer pending;

    NioBlobWriter(NioBlobStore store, Path temporary, FileChannel channel, DirectChunks chunks) {
        super(store, temporary);
        this.store = store;
        this.channel = channel;
        this.chunks = chunks;
    }

    @Override
    protected void append(ByteBuffer src) throws IOException {
        try {
            if ((pending == null || pending.position() == 0) && src.remaining() >= chunks.chunkSize()) {
                writeFully(src);
                return;
            }
            if (pending == null && (pending = chunks.tryTake()) == null) {
                writeFully(src);
                return;
            }
            while (src.hasRemaining()) {
                int take = Math.min(src.remaining(), pending.remaining());
                pending.put(pending.position(), src, src.position(), take);
                pending.position(pending.position() + take);
                src.position(src.position() + take);
                if (!pending.hasRemaining()) {
                    flush();
                }
            }
        } catch (IOException e) {
            throw StorageErrors.fromIo("write upload " + temporaryName(), e);
        }
    }

    @Override
    protected void persist(String id) throws IOException {
        try {
            flush();
        } catch (IOException e) {
            abandon();
            throw StorageErrors.fromIo("write upload " + temporaryName(), e);
        }
        giveBack();
        store.publish(temporary(), channel, id);
    }

    private void giveBack() {
        if (pending != null) {
            chunks.give(pending);
            pending = null;
        }
    }

    @Override
    protected void abandon() {
        // not lent again: the store's close may abandon an upload whose writer still runs; the
        // collection frees the chunk, and its place in the budget is free from now
        if (pending != null) {
            chunks.forget();
            pending = null;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // the temporary is removed next; a failed close changes nothing for an aborted blob
        }
        store.removeQuietly(temporary());
    }

    private void flush() throws IOException {
        if (pending == null) {
            return;
        }
        pending.flip();
        writeFully(pending);
        pending.clear();
    }

    private void writeFully(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }
}

package org.quicfiles.storage.uring.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.quicfiles.storage.uring.internal.LocalBlobWriter;
import org.quicfiles.storage.uring.internal.StorageErrors;

/**
 * A temporary blob written through a {@link FileChannel}. Small writes are coalesced into one
 * chunk-sized direct buffer, so the disk sees chunk-sized writes whatever size the network delivers.
 * The buffer is the store's ({@link NioBlobStore#takeChunk()}), taken at the first write that needs
 * it and given back at commit; a failed or abandoned upload leaves its buffer to the GC, since the
 * store's close may abandon it while its writer still runs.
 */
final class NioBlobWriter extends LocalBlobWriter {
    private final NioBlobStore store;
    private final FileChannel channel;
    private final int chunkSize;
    private ByteBuffer pending;

    NioBlobWriter(NioBlobStore store, Path temporary, FileChannel channel, int chunkSize) {
        super(store, temporary);
        this.store = store;
        this.channel = channel;
        this.chunkSize = chunkSize;
    }

    @Override
    protected void append(ByteBuffer src) throws IOException {
        try {
            if ((pending == null || pending.position() == 0) && src.remaining() >= chunkSize) {
                writeFully(src);
                return;
            }
            if (pending == null) {
                pending = store.takeChunk();
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
        if (pending != null) {
            store.giveBackChunk(pending);
            pending = null;
        }
        store.publish(temporary(), channel, id);
    }

    @Override
    protected void abandon() {
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

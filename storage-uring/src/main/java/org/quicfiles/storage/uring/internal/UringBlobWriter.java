package org.quicfiles.storage.uring.internal;

import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.storage.local.internal.LocalBlobWriter;

/**
 * A temporary blob written through io_uring with write-behind: incoming bytes fill a chunk of the
 * store's {@link ChunkPool}; a full chunk is submitted as one WRITE and the caller goes on filling the next, so up to
 * {@code depth} chunks are on their way to the page cache while the network delivers more. The
 * commit waits for them, then FSYNC, CLOSE and the store's rename. A partly filled chunk is kept
 * until the next write only under one of the pool's limited holds ({@link ChunkPool#tryHoldIdle()});
 * otherwise it goes out as a short WRITE, so that no upload sits on a chunk while it waits for the
 * network. For the same reason a chunk whose WRITE completed in full goes back to the pool from the
 * completion itself, not when this writer next looks at its writes (decision note 0205): an upload
 * waiting for the network otherwise kept up to {@code depth} finished chunks, 256 such uploads kept
 * the whole budget, and the uploads whose data filled their connections' windows waited for a chunk
 * for ever (P4 with {@code uring}).
 */
final class UringBlobWriter extends LocalBlobWriter {
    /** A submitted WRITE; its chunk goes back to the pool exactly once, whoever sees the completion first. */
    private record InFlight(ByteBuf chunk, long offset, int length, CompletableFuture<Integer> result,
                            AtomicBoolean returned) {
        void giveBack(ChunkPool pool) {
            if (returned.compareAndSet(false, true)) {
                pool.release(chunk);
            }
        }
    }

    private final UringBlobStore store;
    private final UringFiles files;
    private final int fd;
    private final ChunkPool pool;
    private final int depth;
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private ByteBuf filling;
    /** Whether {@link #filling} is kept between writes under a hold of the pool's. */
    private boolean holding;
    private long submitted;
    private boolean fdClosed;

    UringBlobWriter(UringBlobStore store, UringFiles files, Path temporary, int fd, ChunkPool pool, int depth) {
        super(store, temporary);
        this.store = store;
        this.files = files;
        this.fd = fd;
        this.pool = pool;
        this.depth = depth;
    }

    @Override
    protected void append(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            if (filling == null) {
                filling = nextChunk();
            }
            int take = Math.min(src.remaining(), filling.writableBytes());
            int limit = src.limit();
            src.limit(src.position() + take);
            filling.writeBytes(src);
            src.limit(limit);
            if (!filling.isWritable()) {
                submitFilling();
            }
        }
        if (filling != null && !holding) {
            holding = pool.tryHoldIdle();
            if (!holding) {
                submitFilling();
            }
        }
    }

    @Override
    protected void persist(String id) throws IOException {
        try {
            if (filling != null && filling.isReadable()) {
                submitFilling();
            }
            drain();
            fdClosed = true;
            files.fsyncAndClose(fd, "sync upload " + temporaryName());
        } catch (IOException | RuntimeException e) {
            abandon();
            throw e;
        }
        store.publish(temporary(), id);
    }

    /** A chunk to fill: gives finished writes back before it waits, so it never waits holding chunks. */
    private ByteBuf nextChunk() throws StorageException {
        ByteBuf chunk = pool.tryAcquire();
        while (chunk == null && !inFlight.isEmpty()) {
            completeOldest();
            chunk = pool.tryAcquire();
        }
        return chunk != null ? chunk : pool.acquire();
    }

    /** Submits the filled chunk; waits for the oldest write first when {@code depth} are in flight. */
    private void submitFilling() throws StorageException {
        ByteBuf chunk = filling;
        filling = null;
        endHold();
        if (inFlight.size() >= depth) {
            completeOldest();
        }
        int length = chunk.readableBytes();
        InFlight write = new InFlight(chunk, submitted, length, files.write(fd, submitted, chunk.memoryAddress(), length),
                new AtomicBoolean());
        // a short or failed write keeps its chunk for completeOldest, which finishes or reports it
        write.result().thenAccept(done -> {
            if (done == length) {
                write.giveBack(pool);
            }
        });
        inFlight.add(write);
        submitted += length;
    }

    private void drain() throws StorageException {
        while (!inFlight.isEmpty()) {
            completeOldest();
        }
    }

    /** Waits for the oldest write; a short write (rare on files) is finished synchronously. */
    private void completeOldest() throws StorageException {
        InFlight write = inFlight.peek();
        try {
            int length = write.length();
            int done = UringFiles.check(UringFiles.await(write.result()), "write upload " + temporaryName());
            while (done < length) {
                int more = UringFiles.check(UringFiles.await(files.write(fd, write.offset() + done,
                        write.chunk().memoryAddress() + done, length - done)), "write upload " + temporaryName());
                if (more == 0) {
                    throw new StorageException(StorageException.Kind.IO_ERROR,
                            "write upload " + temporaryName() + ": the kernel wrote nothing", null);
                }
                done += more;
            }
        } finally {
            inFlight.poll();
            write.giveBack(pool);
        }
    }

    /** Waits out every write in flight (their buffers belong to the kernel until then), frees all, removes the temporary. */
    @Override
    protected void abandon() {
        while (!inFlight.isEmpty()) {
            InFlight write = inFlight.poll();
            try {
                UringFiles.await(write.result());
            } catch (StorageException ignored) {
                // the ring is gone: nothing is writing into the buffer any more
            }
            write.giveBack(pool);
        }
        if (filling != null) {
            pool.release(filling);
            filling = null;
        }
        endHold();
        closeFd();
        store.removeTemporary(files, temporary());
    }

    private void endHold() {
        if (holding) {
            holding = false;
            pool.releaseIdleHold();
        }
    }

    private void closeFd() {
        if (!fdClosed) {
            fdClosed = true;
            files.close(fd);
        }
    }
}

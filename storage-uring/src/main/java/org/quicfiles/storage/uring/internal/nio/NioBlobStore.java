package org.quicfiles.storage.uring.internal.nio;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.storage.uring.internal.LocalBlobStore;
import org.quicfiles.storage.uring.internal.StorageErrors;
import org.quicfiles.storage.uring.internal.StoreLayout;

/** A {@link BlobStore} on {@link FileChannel}s in the shared {@link StoreLayout}. */
final class NioBlobStore extends LocalBlobStore {
    static final int DEFAULT_CHUNK_SIZE = 256 * 1024;
    private static final int CREATE_ATTEMPTS = 8;

    /** Idle chunk buffers kept for the next uploads; beyond this many, finished ones go to the GC. */
    static final int MAX_IDLE_CHUNKS = 32;

    private final int chunkSize;
    /**
     * Chunk buffers of uploads that committed, reused by the next: before, every upload allocated
     * (and zeroed) a chunk-sized direct buffer, 256 KiB even for a 1 KB file, and left it to the GC
     * (decision note 0304).
     */
    private final java.util.concurrent.ConcurrentLinkedDeque<ByteBuffer> idleChunks = new java.util.concurrent.ConcurrentLinkedDeque<>();
    private final java.util.concurrent.atomic.AtomicInteger idleChunkCount = new java.util.concurrent.atomic.AtomicInteger();

    NioBlobStore(StoreLayout layout, int chunkSize, System.Logger logger) {
        super(layout, logger);
        this.chunkSize = chunkSize;
    }

    @Override
    protected String providerName() {
        return NioStorageProvider.NAME;
    }

    /** An empty chunk-sized direct buffer: an idle one, or a new one. */
    ByteBuffer takeChunk() {
        ByteBuffer chunk = idleChunks.pollFirst();
        if (chunk == null) {
            return ByteBuffer.allocateDirect(chunkSize);
        }
        idleChunkCount.decrementAndGet();
        return chunk.clear();
    }

    /** A chunk its upload no longer uses (nothing refers to it any more). */
    void giveBackChunk(ByteBuffer chunk) {
        if (idleChunkCount.incrementAndGet() <= MAX_IDLE_CHUNKS) {
            idleChunks.offerFirst(chunk);
        } else {
            idleChunkCount.decrementAndGet();
        }
    }

    @Override
    public BlobWriter create() throws IOException {
        ensureOpen();
        for (int attempt = 1; ; attempt++) {
            Path temporary = layout.newTemporary();
            try {
                FileChannel channel = FileChannel.open(temporary, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE), StoreLayout.fileMode());
                NioBlobWriter writer = new NioBlobWriter(this, temporary, channel, chunkSize);
                track(writer);
                return writer;
            } catch (FileAlreadyExistsException clash) {
                if (attempt == CREATE_ATTEMPTS) {
                    throw StorageErrors.fromIo("create temporary", clash);
                }
            } catch (IOException e) {
                throw StorageErrors.fromIo("create temporary " + temporary.getFileName(), e);
            }
        }
    }

    @Override
    public BlobReader open(String id) throws IOException {
        Path blob = layout.blob(id);
        ensureOpen();
        try {
            FileChannel channel = FileChannel.open(blob, StandardOpenOption.READ);
            try {
                return new NioBlobReader(channel, channel.size(), chunkSize);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } catch (IOException e) {
            throw StorageErrors.fromIo("open blob " + id, e);
        }
    }

    @Override
    public boolean delete(String id) throws IOException {
        Path blob = layout.blob(id);
        try {
            // unlink: a reader that opened the blob keeps its file and reads it to the end
            return Files.deleteIfExists(blob);
        } catch (IOException e) {
            throw StorageErrors.fromIo("delete blob " + id, e);
        }
    }

    /**
     * Makes a written temporary the blob {@code id}: fsync the file, create the shard folder if it is
     * missing (and sync its parent), rename over any blob of that id, sync the shard folder.
     * The temporary is gone afterwards whatever happens; on failure no blob {@code id} is visible.
     */
    void publish(Path temporary, FileChannel channel, String id) throws StorageException {
        Path target = layout.blob(id);
        boolean moved = false;
        try {
            try (channel) {
                channel.force(true);
            }
            Path shard = prepareShard(id);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            syncDirectory(shard);
        } catch (IOException e) {
            removeQuietly(moved ? target : temporary);
            throw StorageErrors.fromIo("commit blob " + id, e);
        }
    }

    @Override
    protected void syncDirectory(Path directory) throws IOException {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}

package org.quicfiles.storage.local.internal.nio;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.storage.local.internal.LocalBlobStore;
import org.quicfiles.storage.local.internal.StorageErrors;
import org.quicfiles.storage.local.internal.StoreLayout;

/** A {@link BlobStore} on {@link FileChannel}s in the shared {@link StoreLayout}. */
final class NioBlobStore extends LocalBlobStore {
    static final int DEFAULT_CHUNK_SIZE = 256 * 1024;
    private static final int CREATE_ATTEMPTS = 8;

    /** The default budget of {@link DirectChunks}: 256 chunks of the default size. */
    static final long DEFAULT_CHUNK_MEMORY = 64L << 20;

    private final DirectChunks chunks;

    NioBlobStore(StoreLayout layout, int chunkSize, long chunkMemory, System.Logger logger) {
        super(layout, logger);
        this.chunks = new DirectChunks(chunkSize, chunkMemory);
    }

    /** The lent direct chunks (tests look at how many were made). */
    DirectChunks chunks() {
        return chunks;
    }

    @Override
    protected String providerName() {
        return NioStorageProvider.NAME;
    }

    @Override
    public BlobWriter create() throws IOException {
        ensureOpen();
        for (int attempt = 1; ; attempt++) {
            Path temporary = layout.newTemporary();
            try {
                FileChannel channel = FileChannel.open(temporary, java.util.Set.of(StandardOpenOption.CREATE_NEW,
                        StandardOpenOption.WRITE), StoreLayout.fileMode());
                NioBlobWriter writer = new NioBlobWriter(this, temporary, channel, chunks);
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
                return new NioBlobReader(channel, channel.size(), chunks);
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

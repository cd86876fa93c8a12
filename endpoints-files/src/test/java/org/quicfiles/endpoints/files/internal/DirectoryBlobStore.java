package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;

/**
 * A plain-file {@link BlobStore} for these tests (blobs in {@code blobs/}, temporaries in
 * {@code tmp/}), independent of the project's storage module.
 */
final class DirectoryBlobStore implements BlobStore {
    private final Path blobs;
    private final Path temporaries;
    private final AtomicInteger tempCounter = new AtomicInteger();

    DirectoryBlobStore(Path root) throws IOException {
        this.blobs = Files.createDirectories(root.resolve("blobs"));
        this.temporaries = Files.createDirectories(root.resolve("tmp"));
    }

    @Override
    public BlobWriter create() throws IOException {
        Path temporary = temporaries.resolve("upload-" + tempCounter.incrementAndGet());
        FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new BlobWriter() {
            private boolean open = true;
            private long size;

            @Override
            public int write(ByteBuffer src) throws IOException {
                int count = src.remaining();
                while (src.hasRemaining()) {
                    channel.write(src);
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
                channel.force(true);
                channel.close();
                Files.move(temporary, blobs.resolve(id), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                open = false;
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close() throws IOException {
                if (open) {
                    open = false;
                    channel.close();
                    Files.deleteIfExists(temporary);
                }
            }
        };
    }

    @Override
    public BlobReader open(String id) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(blobs.resolve(id), StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new StorageException(StorageException.Kind.NOT_FOUND, id, e);
        }
        long size = channel.size();
        return new BlobReader() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                return channel.read(dst);
            }

            @Override
            public long size() {
                return size;
            }

            @Override
            public boolean isOpen() {
                return channel.isOpen();
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    @Override
    public boolean exists(String id) {
        return Files.exists(blobs.resolve(id));
    }

    @Override
    public boolean delete(String id) throws IOException {
        return Files.deleteIfExists(blobs.resolve(id));
    }

    @Override
    public List<String> ids() throws IOException {
        try (Stream<Path> files = Files.list(blobs)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }

    @Override
    public List<String> leftovers() throws IOException {
        try (Stream<Path> files = Files.list(temporaries)) {
            return files.map(path -> path.getFileName().toString()).toList();
        }
    }

    @Override
    public int removeLeftovers() throws IOException {
        List<String> names = leftovers();
        for (String name : names) {
            Files.delete(temporaries.resolve(name));
        }
        return names.size();
    }

    @Override
    public String describe() {
        return "test-directory " + blobs.getParent();
    }

    @Override
    public void close() {
    }
}

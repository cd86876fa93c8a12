package org.quicfiles.storage.local.internal.nio;

import java.io.IOException;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.storage.local.internal.StoreLayout;

/**
 * The portable local-disk provider, {@code nio}. Always usable; for now preferred over {@code uring}
 * (decision note 0203).
 *
 * <p>Configuration ({@code storage.} section): {@code chunk-size} (bytes, default 256K), the size
 * of the write-coalescing and read buffers of each open blob.
 */
public final class NioStorageProvider implements StorageProvider {
    /** The name used to force this provider. */
    public static final String NAME = "nio";

    /** Creates the provider (a stateless factory). */
    public NioStorageProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean isUsable() {
        return true;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public java.util.Set<String> configKeys() {
        return java.util.Set.of("chunk-size", "chunk-memory");
    }

    @Override
    public BlobStore open(StorageContext context) throws IOException {
        int chunkSize = context.config().getInt("chunk-size", NioBlobStore.DEFAULT_CHUNK_SIZE);
        if (chunkSize < 4096) {
            throw new IllegalArgumentException("chunk-size: " + chunkSize + " is below 4096");
        }
        long chunkMemory = context.config().getLong("chunk-memory", NioBlobStore.DEFAULT_CHUNK_MEMORY);
        if (chunkMemory < chunkSize) {
            throw new IllegalArgumentException("chunk-memory: " + chunkMemory + " is less than one chunk (" + chunkSize + ")");
        }
        StoreLayout layout = new StoreLayout(context.directory());
        layout.prepare(context.logger());
        return new NioBlobStore(layout, chunkSize, chunkMemory, context.logger());
    }
}

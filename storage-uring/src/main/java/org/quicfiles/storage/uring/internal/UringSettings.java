package org.quicfiles.storage.uring.internal;

import org.quicfiles.api.Config;

/**
 * The {@code storage.} settings of the io_uring provider.
 *
 * @param chunkSize bytes per READ/WRITE submission and per pooled buffer ({@code chunk-size}, default 256K)
 * @param readAhead READs in flight per download ({@code uring.read-ahead}, default 4)
 * @param writeBehind WRITEs in flight per upload ({@code uring.write-behind}, default 4)
 * @param threads io_uring event loops of the store ({@code uring.threads}, default 1)
 * @param maxBuffers chunks that may exist at once, for all transfers ({@code uring.max-buffers}, default a
 *        quarter of the direct-memory limit); beyond it transfers wait
 * @param maxWorkers the kernel's io-wq workers per ring for operations that block (fsync, and
 *        buffered writes on file systems without non-blocking writes) ({@code uring.max-workers}, default 64)
 */
record UringSettings(int chunkSize, int readAhead, int writeBehind, int threads, int maxBuffers, int maxWorkers) {
    static final int DEFAULT_CHUNK_SIZE = 256 * 1024;

    /** Checks the ranges. */
    UringSettings {
        requireRange("chunk-size", chunkSize, 4096, 64 * 1024 * 1024);
        requireRange("uring.read-ahead", readAhead, 1, 64);
        requireRange("uring.write-behind", writeBehind, 1, 64);
        requireRange("uring.threads", threads, 1, 64);
        requireRange("uring.max-buffers", maxBuffers, 2, 1 << 20);
        requireRange("uring.max-workers", maxWorkers, 1, 4096);
    }

    /** Every key {@link #from(Config)} reads, relative to {@code storage.}; declared by the provider. */
    static final java.util.Set<String> KEYS = java.util.Set.of("chunk-size", "uring.read-ahead", "uring.write-behind",
            "uring.threads", "uring.max-buffers", "uring.max-workers");

    /** Reads the settings from the {@code storage.} section. */
    static UringSettings from(Config config) {
        int chunkSize = config.getInt("chunk-size", DEFAULT_CHUNK_SIZE);
        return new UringSettings(chunkSize, config.getInt("uring.read-ahead", 4),
                config.getInt("uring.write-behind", 4), config.getInt("uring.threads", 1),
                config.getInt("uring.max-buffers", ChunkPool.defaultMaxBuffers(chunkSize)),
                config.getInt("uring.max-workers", 64));
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + ": " + value + " is outside " + min + ".." + max);
        }
    }
}

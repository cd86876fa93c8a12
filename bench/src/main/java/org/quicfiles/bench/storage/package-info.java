/**
 * The storage benchmark of issue 5: write + fsync + read of 10 MiB blobs at several concurrencies,
 * io_uring against NIO against {@code dd}, in one run. Entry point {@link org.quicfiles.bench.storage.StorageBench}.
 */
package org.quicfiles.bench.storage;

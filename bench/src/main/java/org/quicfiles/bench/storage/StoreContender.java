package org.quicfiles.bench.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;

/**
 * A storage provider through the api, as the files endpoint uses it: one virtual thread per blob
 * writes it in 64 KiB pieces (as the network delivers them), commits it (fsync + rename), then reads
 * it back into a 64 KiB direct buffer, and checks the byte count.
 */
final class StoreContender implements Contender {
    private static final int PIECE = 64 * 1024;

    private final StorageProvider provider;
    private final BlobStore store;
    private final ByteBuffer content;
    private final List<String> written = new ArrayList<>();

    StoreContender(StorageProvider provider, Path directory, Config config, ByteBuffer content) throws IOException {
        this.provider = provider;
        this.store = provider.open(new StorageContext(directory, config, System.getLogger("bench")));
        this.content = content.asReadOnlyBuffer();
    }

    @Override
    public String name() {
        return provider.name();
    }

    @Override
    public BatchTimes runBatch(int concurrency, int round) throws Exception {
        List<Future<long[]>> workers = new ArrayList<>();
        long start = System.nanoTime();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < concurrency; i++) {
                String id = "r" + round + "w" + i;
                written.add(id);
                workers.add(threads.submit(() -> roundTrip(id)));
            }
        }
        long wall = System.nanoTime() - start;
        long write = 0;
        long read = 0;
        for (Future<long[]> worker : workers) {
            long[] phases = worker.get();
            write += phases[0];
            read += phases[1];
        }
        return new BatchTimes(wall, write, read);
    }

    private long[] roundTrip(String id) throws IOException {
        long t0 = System.nanoTime();
        ByteBuffer source = content.duplicate();
        try (BlobWriter writer = store.create()) {
            while (source.hasRemaining()) {
                ByteBuffer piece = source.slice(source.position(), Math.min(PIECE, source.remaining()));
                writer.write(piece);
                source.position(source.position() + piece.capacity());
            }
            writer.commit(id);
        }
        long t1 = System.nanoTime();
        long total = 0;
        ByteBuffer sink = ByteBuffer.allocateDirect(PIECE);
        try (BlobReader reader = store.open(id)) {
            for (int n; (n = reader.read(sink.clear())) >= 0; ) {
                total += n;
            }
        }
        long t2 = System.nanoTime();
        if (total != content.capacity()) {
            throw new IOException(id + ": read " + total + " bytes of " + content.capacity());
        }
        return new long[] {t1 - t0, t2 - t1};
    }

    @Override
    public void cleanUp() throws IOException {
        for (String id : written) {
            store.delete(id);
        }
        written.clear();
    }

    @Override
    public void close() throws IOException {
        cleanUp();
        store.close();
    }
}

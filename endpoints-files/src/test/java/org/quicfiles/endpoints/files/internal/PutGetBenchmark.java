package org.quicfiles.endpoints.files.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.quicfiles.api.Config;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.spi.StorageContext;

/**
 * Throughput of the plugin alone: PUT (hash + write + fsync + rename + row) and GET (row + read)
 * of maximal files through the in-memory exchange and the tests' directory store, no network.
 * Not a test; run by hand: {@code java [-Dcompat=true] [-Dstore=nio] -cp "$CP" …PutGetBenchmark [files] [folder]}.
 */
public final class PutGetBenchmark {
    private PutGetBenchmark() {
    }

    /** Uploads then downloads {@code files} distinct 10 MB files per round, printing MB/s. */
    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        Path root = Files.createTempDirectory(args.length > 1 ? Path.of(args[1]) : Path.of(System.getProperty("java.io.tmpdir")), "putget");
        int size = (int) FilesSettings.DEFAULT_MAX_SIZE;
        // -Dcompat=true: random ids, no hashing, to separate the hash's cost from the disk's
        String compat = System.getProperty("compat", "false");
        // -Dstore=nio: storage-local's nio store (its jar on the class path) instead of the test store
        FilesFixture.StoreFactory stores = System.getProperty("store", "directory").equals("nio")
                ? folder -> StorageModules.provider("nio").orElseThrow().open(new StorageContext(folder,
                        Config.empty(), System.getLogger("quicfiles.storage.bench")))
                : DirectoryBlobStore::new;
        System.out.println("store " + System.getProperty("store", "directory") + ", compat-ids " + compat);
        try (FilesFixture files = new FilesFixture(root, Map.of("delete-expired", "false", "compat-ids", compat), stores)) {
            byte[][] contents = new byte[count][];
            for (int i = 0; i < count; i++) {
                contents[i] = FilesEndpointContract.randomBytes(size, i);
            }
            for (int round = 0; round < 5; round++) {
                files.execute("DELETE FROM files");
                for (String id : files.store.ids()) {
                    files.store.delete(id);
                }
                String[] ids = new String[count];
                long start = System.nanoTime();
                for (int i = 0; i < count; i++) {
                    FileInfo stored = files.put(contents[i]);
                    ids[i] = stored.id();
                }
                double putSeconds = (System.nanoTime() - start) / 1e9;
                start = System.nanoTime();
                for (String id : ids) {
                    files.get(id);
                }
                double getSeconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("round %d: PUT %.0f MB/s, GET %.0f MB/s (%d x %d bytes)%n", round,
                        (double) count * size / 1e6 / putSeconds, (double) count * size / 1e6 / getSeconds, count, size);
            }
        }
    }
}

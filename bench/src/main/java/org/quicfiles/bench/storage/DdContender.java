package org.quicfiles.bench.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The baseline outside the JVM: per blob, one {@code sh} running {@code dd if=/dev/zero bs=256K
 * conv=fsync} (write + fsync; a smaller blob in one block of its size) and then {@code dd iflag=direct} (read back from the device, not the
 * page cache, since {@code dd} has no other way to defeat it without dropping every cache on a
 * shared machine). Each blob's two phases are timed inside its shell with {@code date +%s%N}.
 */
final class DdContender implements Contender {
    private static final int BLOCK = 256 * 1024;

    private final Path directory;
    private final int block;
    private final int blocks;

    DdContender(Path directory, int blobSize) throws IOException {
        this.block = Math.min(BLOCK, blobSize);
        if (blobSize % block != 0 || block % 512 != 0) {
            throw new IllegalArgumentException("blob size must be a multiple of " + BLOCK + ", or a smaller multiple of 512, for dd");
        }
        this.directory = Files.createDirectories(directory);
        this.blocks = blobSize / block;
    }

    @Override
    public String name() {
        return "dd";
    }

    @Override
    public BatchTimes runBatch(int concurrency, int round) throws Exception {
        List<Process> processes = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < concurrency; i++) {
            Path file = directory.resolve("r" + round + "w" + i);
            String script = "a=$(date +%s%N); dd if=/dev/zero of=" + file + " bs=" + block + " count=" + blocks
                    + " conv=fsync status=none || exit 1; b=$(date +%s%N); dd if=" + file
                    + " of=/dev/null bs=" + block + " iflag=direct status=none || exit 1; c=$(date +%s%N);"
                    + " echo $((b-a)) $((c-b))";
            processes.add(new ProcessBuilder("sh", "-c", script).redirectErrorStream(true).start());
        }
        long write = 0;
        long read = 0;
        for (Process process : processes) {
            String output = new String(process.getInputStream().readAllBytes()).trim();
            if (process.waitFor() != 0) {
                throw new IOException("dd failed: " + output);
            }
            String[] phases = output.split(" ");
            write += Long.parseLong(phases[0]);
            read += Long.parseLong(phases[1]);
        }
        return new BatchTimes(System.nanoTime() - start, write, read);
    }

    @Override
    public void cleanUp() throws IOException {
        try (var files = Files.list(directory)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    @Override
    public void close() throws IOException {
        cleanUp();
    }
}

package org.quicfiles.bench.storage;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.SplittableRandom;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageProvider;

/**
 * Issue 5's storage benchmark, a plain {@code main}: for each concurrency, rounds of one batch per
 * contender (uring, nio, dd, in rotating order so that drift hits all alike), each batch
 * {@code concurrency} blobs written, synced and read back at once. Prints, per concurrency, the
 * median throughput (blob bytes / batch wall time) of each contender and its ratio to NIO measured
 * in the same run, plus the mean write and read phase per blob.
 *
 * <p>Arguments: {@code --dir DIR} (work folder on the disk under test, emptied), {@code --size BYTES,…}
 * (blob sizes, each measured at every concurrency; default 10 MiB, 64 KiB and 4 KiB: issue 16's small
 * blobs), {@code --concurrency 1,16,256}, {@code --rounds 10,5,3} (per concurrency),
 * {@code --uring k=v,k=v} and {@code --nio k=v,k=v} (the providers' {@code storage.} settings),
 * {@code --contenders uring,nio,dd} (a subset, e.g. to count one contender's system calls).
 */
public final class StorageBench {
    private StorageBench() {
    }

    /** Runs the benchmark; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path dir = Path.of(options.getOrDefault("dir", "target/storage-bench")).toAbsolutePath();
        int[] sizes = ints(options.getOrDefault("size", 10 * 1024 * 1024 + "," + 64 * 1024 + "," + 4 * 1024));
        int[] concurrencies = ints(options.getOrDefault("concurrency", "1,16,256"));
        int[] rounds = ints(options.getOrDefault("rounds", "10,5,3"));
        List<String> names = List.of(options.getOrDefault("contenders", "uring,nio,dd").split(","));
        for (int size : sizes) {
            run(options, dir.resolve(Integer.toString(size)), names, size, concurrencies, rounds);
        }
    }

    private static void run(Map<String, String> options, Path dir, List<String> names, int size, int[] concurrencies,
                            int[] rounds) throws Exception {
        byte[] bytes = new byte[size];
        new SplittableRandom(5).nextBytes(bytes);
        ByteBuffer content = ByteBuffer.allocateDirect(size).put(bytes).flip();

        List<Contender> contenders = new ArrayList<>();
        for (String name : names.stream().filter(n -> !n.equals("dd")).toList()) {
            StorageProvider provider = provider(name);
            Config config = storageConfig(options.getOrDefault(name, ""));
            contenders.add(new StoreContender(provider, Files.createDirectories(dir.resolve(name)), config, content));
            System.out.printf(Locale.ROOT, "%s settings: %s%n", name, config.values().isEmpty() ? "defaults" : config.values());
        }
        if (names.contains("dd")) {
            contenders.add(new DdContender(dir.resolve("dd"), size));
        }
        try {
            System.out.printf(Locale.ROOT, "%n## blob %d bytes, work folder %s%n", size, dir);
            for (Contender contender : contenders) {
                // warm-up (JIT, pools, the ring): not reported
                contender.runBatch(16, -1);
                contender.cleanUp();
            }
            for (int i = 0; i < concurrencies.length; i++) {
                measure(contenders, concurrencies[i], rounds[Math.min(i, rounds.length - 1)], size);
            }
        } finally {
            for (Contender contender : contenders) {
                contender.close();
            }
        }
    }

    private static void measure(List<Contender> contenders, int concurrency, int rounds, int size) throws Exception {
        Map<String, List<BatchTimes>> results = new LinkedHashMap<>();
        for (Contender contender : contenders) {
            results.put(contender.name(), new ArrayList<>());
        }
        for (int round = 0; round < rounds; round++) {
            for (int k = 0; k < contenders.size(); k++) {
                Contender contender = contenders.get((round + k) % contenders.size());
                results.get(contender.name()).add(contender.runBatch(concurrency, round));
                contender.cleanUp();
            }
        }
        double nio = results.containsKey("nio") ? medianMbPerSecond(results.get("nio"), concurrency, size) : Double.NaN;
        System.out.printf(Locale.ROOT, "%n### %d-byte blobs, concurrency %d (%d rounds)%n%n", size, concurrency, rounds);
        System.out.println("| contender | MB/s median | min | max | blobs/s median | vs nio | write+fsync ms/blob | read ms/blob |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Map.Entry<String, List<BatchTimes>> entry : results.entrySet()) {
            List<BatchTimes> times = entry.getValue();
            double[] rates = times.stream().mapToDouble(t -> mbPerSecond(t, concurrency, size)).sorted().toArray();
            double median = medianMbPerSecond(times, concurrency, size);
            double writeMs = times.stream().mapToLong(BatchTimes::writeNanos).average().orElse(0) / concurrency / 1e6;
            double readMs = times.stream().mapToLong(BatchTimes::readNanos).average().orElse(0) / concurrency / 1e6;
            System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f | %.1f | %.0f | %.2f | %.2f | %.3f |%n", entry.getKey(), median,
                    rates[0], rates[rates.length - 1], median * 1e6 / size, median / nio, writeMs, readMs);
        }
    }

    private static double medianMbPerSecond(List<BatchTimes> times, int concurrency, int size) {
        double[] rates = times.stream().mapToDouble(t -> mbPerSecond(t, concurrency, size)).sorted().toArray();
        int n = rates.length;
        return n % 2 == 1 ? rates[n / 2] : (rates[n / 2 - 1] + rates[n / 2]) / 2;
    }

    /** Blob bytes per second of wall time, in MB (10^6). */
    private static double mbPerSecond(BatchTimes times, int concurrency, int size) {
        return (double) concurrency * size / (times.wallNanos() / 1e9) / 1e6;
    }

    private static StorageProvider provider(String name) {
        for (StorageProvider provider : ServiceLoader.load(StorageProvider.class)) {
            if (provider.name().equals(name)) {
                if (!provider.isUsable()) {
                    throw new IllegalStateException("storage provider " + name + " is not usable here");
                }
                return provider;
            }
        }
        throw new IllegalStateException("no storage provider " + name + " on the module path");
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        return options;
    }

    /** {@code key=value,key=value} as a {@code storage.} section. */
    private static Config storageConfig(String settings) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String pair : settings.split(",")) {
            if (!pair.isBlank()) {
                int eq = pair.indexOf('=');
                values.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return new Config(values);
    }

    private static int[] ints(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }
}

package org.quicfiles.app.internal.memory;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What one memory size ({@code server.memory}, {@code --memory}) gives each budget: the launcher's
 * JVM sizes (heap, direct memory) and the defaults of the transport's and the storage's budgets. A key the operator
 * set wins over what is derived here. The shares were measured under the load tool's 16×8 1 MB
 * GET+PUT and P4 scenarios (decision note 0430).
 *
 * @param bytes the memory the whole process may use
 */
public record MemoryBudget(long bytes) {
    /** The server's key. */
    public static final String KEY = org.quicfiles.app.internal.config.ConfigKeys.MEMORY;
    /** The default: a small virtual machine's share. */
    public static final long DEFAULT = 256L << 20;
    /** Less than this leaves too little beside the JVM's own fixed costs (metaspace, code, class data). */
    public static final long MINIMUM = 96L << 20;
    /** The system property the launcher sets to the memory it sized the JVM for, in bytes. */
    public static final String LAUNCHER_PROPERTY = "quicfiles.launcher.memory";

    /** Checks the size. */
    public MemoryBudget {
        if (bytes < MINIMUM) {
            throw new IllegalArgumentException("memory: " + format(bytes) + " is less than the smallest that runs the"
                    + " server (" + format(MINIMUM) + ")");
        }
    }

    /**
     * The heap's share (the launcher's {@code -Xmx}): 32 MiB, about what the server and its plugins
     * keep alive whatever the traffic, plus 3/16 for the traffic: 80M at 256M as 5/16 gave, and 56M
     * at 128M where 5/16 (40M) ran P4 out of heap (note 0431).
     */
    public long heap() {
        return (32L << 20) + bytes / 16 * 3;
    }

    /** Direct buffers ({@code -XX:MaxDirectMemorySize}): 1/4. */
    public long direct() {
        return bytes / 4;
    }

    /** Unacknowledged sent bytes, server-wide ({@code transport.send-memory}): 1/16. */
    public long sendMemory() {
        return bytes / 16;
    }

    /** Stream-0 request bodies held at once, server-wide ({@code transport.request-memory}): 1/8. */
    public long requestMemory() {
        return bytes / 8;
    }

    /**
     * Connections admitted before new ones are refused ({@code transport.max-connections}): one per
     * 64 KiB, the native and heap state of an idle connection with room to spare.
     */
    public int maxConnections() {
        return (int) Math.min(100_000, bytes / (64 << 10));
    }

    /**
     * A connection's flow-control window ({@code transport.max-data}): 1/128, at most the transports'
     * own default of 15 MiB. Received bytes wait on the heap until a command reads them, up to the
     * window: 16 uploading connections with 15 MiB windows parked 240 MiB on a 96 MiB heap.
     */
    public long maxData() {
        return Math.min(15L << 20, bytes / 128);
    }

    /** A stream's flow-control window ({@code transport.max-stream-data}): 1/512, at most 6 MiB. */
    public long maxStreamData() {
        return Math.min(6L << 20, bytes / 512);
    }

    /** The storage's lent direct chunks ({@code storage.chunk-memory}): 1/16. */
    public long chunkMemory() {
        return bytes / 16;
    }

    /**
     * The embedded SQLite database's page cache, all its connections together
     * ({@code database.sqlite-cache}): 1/32. SQLite's own default is 2 MiB per connection, whatever
     * the machine: up to 18 MiB for the server's nine connections.
     */
    public long sqliteCache() {
        return bytes / 32;
    }

    /** The transport keys a budget derives, relative to {@code transport.}. */
    public static final Set<String> TRANSPORT_KEYS = Set.of("max-connections", "request-memory", "send-memory",
            "max-data", "max-stream-data");
    /** The storage keys a budget derives, relative to {@code storage.}. */
    public static final Set<String> STORAGE_KEYS = Set.of("chunk-memory");

    /**
     * The transport keys this budget gives a default, for those of {@code readByTransport} the
     * operator did not set; in key order.
     */
    public Map<String, String> transportDefaults(Set<String> readByTransport, Set<String> alreadySet) {
        Map<String, Long> candidates = new LinkedHashMap<>();
        candidates.put("max-connections", (long) maxConnections());
        candidates.put("request-memory", requestMemory());
        candidates.put("send-memory", sendMemory());
        candidates.put("max-data", maxData());
        candidates.put("max-stream-data", maxStreamData());
        return defaults("transport", candidates, readByTransport, alreadySet);
    }

    /** Likewise for the storage's keys. */
    public Map<String, String> storageDefaults(Set<String> readByStorage, Set<String> alreadySet) {
        return defaults("storage", Map.of("chunk-memory", chunkMemory()), readByStorage, alreadySet);
    }

    private static Map<String, String> defaults(String section, Map<String, Long> candidates, Set<String> read,
                                                Set<String> alreadySet) {
        Map<String, String> derived = new LinkedHashMap<>();
        candidates.forEach((key, value) -> {
            if (read.contains(key) && !alreadySet.contains(section + "." + key)) {
                derived.put(section + "." + key, Long.toString(value));
            }
        });
        return derived;
    }

    /**
     * The line the server prints once at start-up: the size, where it came from, the JVM's heap and
     * direct memory limits as they are (an explicit {@code -Xmx} wins over the launcher's), and the
     * transport budgets in force (derived or set).
     *
     * @param origin where {@code server.memory} was set
     * @param budgets the transport and storage budgets in force, by full key
     */
    public String describe(String origin, Map<String, String> budgets) {
        StringBuilder line = new StringBuilder("memory ").append(format(bytes)).append(" (").append(origin).append("): ");
        JvmLimits jvm = JvmLimits.current();
        line.append("heap ").append(format(jvm.heap())).append(", direct ").append(format(jvm.direct()));
        if (jvm.heap() > heap() + (heap() >> 3)) {
            line.append(" (larger than ").append(format(heap()))
                    .append(": the JVM was not started by bin/quicfiles, or QUICFILES_JAVA_OPTS set -Xmx)");
        }
        budgets.forEach((key, value) -> line.append(", ").append(key).append(' ')
                .append(key.endsWith("memory") || key.endsWith("-data") || key.endsWith("-cache") ? format(Long.parseLong(value)) : value));
        return line.toString();
    }

    /** The JVM's heap and direct-memory limits. */
    record JvmLimits(long heap, long direct) {
        static JvmLimits current() {
            var hotspot = java.lang.management.ManagementFactory.getPlatformMXBean(
                    com.sun.management.HotSpotDiagnosticMXBean.class);
            long heap = Long.parseLong(hotspot.getVMOption("MaxHeapSize").getValue());
            long direct = Long.parseLong(hotspot.getVMOption("MaxDirectMemorySize").getValue());
            // 0: the JVM's default, as much as the heap
            return new JvmLimits(heap, direct == 0 ? Runtime.getRuntime().maxMemory() : direct);
        }
    }

    /** {@code 256M}, {@code 1.5G}, {@code 96M}: binary units. */
    public static String format(long bytes) {
        if (bytes >= (1L << 30) && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "G";
        }
        if (bytes >= (1L << 20)) {
            double mebibytes = bytes / (double) (1L << 20);
            return mebibytes == Math.rint(mebibytes) ? (long) mebibytes + "M"
                    : String.format(Locale.ROOT, "%.1fM", mebibytes);
        }
        return (bytes >> 10) + "K";
    }
}

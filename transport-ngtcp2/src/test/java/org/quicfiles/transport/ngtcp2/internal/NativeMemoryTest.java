package org.quicfiles.transport.ngtcp2.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.lang.ref.Cleaner;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.ServerKeyPin;
import org.quicfiles.transport.ngtcp2.internal.ffi.Libc;

/**
 * No native memory leaks across many connections opened and closed (issue 15): after a warm-up,
 * {@code -Dngtcp2.leak.connections=N} more connections (default {@value #DEFAULT_CONNECTIONS}; the
 * issue's figure is 100,000) must leave malloc's bytes in use (glibc {@code mallinfo2()}: {@code
 * uordblks + hblkhd}) less the JVM's own (native memory tracking, on for this module's tests) and
 * the JVM's direct/FFM memory where they were, within a small allowance per connection; malloc's
 * total and RSS are bounded loosely (they also hold the JIT's arenas, the heap and code).
 *
 * <p>The connections mix every way the server frees one: clients that close politely after a
 * {@code file_info}, a PUT and GET, or a GET answered with a reset; clients that vanish after a
 * request or in the middle of the handshake (the server's idle and handshake timeouts); clients
 * that refuse the server's key; connections through Retry; and Initials refused over
 * {@code max-connections}. The clients run in this JVM (libquic-shaped, on the same ngtcp2 and
 * GnuTLS) and free their own native state when closed, so a leak on either side fails the test.
 * Their event loops run on reused threads: GnuTLS 3.7.9 keeps ~250 B of random generator state for
 * every thread that ever used it until the library is unloaded, which one fresh thread per client
 * showed as a steady ~250 B per connection (the server's single loop thread pays it once).
 */
@Timeout(value = 3, unit = TimeUnit.HOURS)
class NativeMemoryTest {
    static final int DEFAULT_CONNECTIONS = 3_000;
    private static final int CONNECTIONS = Integer.getInteger("ngtcp2.leak.connections", DEFAULT_CONNECTIONS);
    private static final int WARM_UP = Integer.getInteger("ngtcp2.leak.warmup", 1_000);
    /** Clients at once: enough to overlap round trips on 2 cores, few enough to stay far below every limit. */
    private static final int PARALLEL = Integer.getInteger("ngtcp2.leak.parallel", 4);
    /**
     * Allowed growth of malloc's bytes in use per measured connection, beyond {@link #MALLOC_SLACK}.
     * A leaked GnuTLS session is ~17 KB, an {@code ngtcp2_conn} ~86 KB (both measured); the
     * measurement moved by 0.25-0.4 MB whatever the count (3,000 or 10,000).
     */
    private static final long MAX_MALLOC_GROWTH_PER_CONNECTION = 64;
    /** Drift of the malloc use outside the JVM (glibc's own, thread caches) between two measurements. */
    private static final long MALLOC_SLACK = 2L << 20;
    /**
     * The JVM's own malloc use (compiler arenas, pooled chunks freed every few seconds) moved by up to
     * 10 MB between two measurements after the warm-up (2 busy cores): only a gross leak shows in it.
     */
    private static final long JVM_SLACK = 32L << 20;
    /** Direct buffers and FFM arenas: every connection's arena must be closed, so little more than noise. */
    private static final long MAX_DIRECT_GROWTH = 1L << 20;
    /**
     * RSS beyond what the JVM itself committed (heap, metaspace, JIT code: native memory tracking's
     * total), which still holds malloc's free pages and thread caches: only a gross leak shows here.
     * The JVM's own part is left out because G1 sizes the heap as it sees fit: in CI, after the
     * module's other test classes in the same JVM, it committed 120 MB more during the run.
     */
    private static final long MAX_RSS_GROWTH = 96L << 20;
    private static final Duration HANG_GUARD = Duration.ofSeconds(60);
    /** Short server timers, so that vanished clients are forgotten within seconds. */
    private static final String SERVER_TIMEOUT = "2s";

    private static final StructLayout MALLINFO2 = MemoryLayout.structLayout(
            JAVA_LONG.withName("arena"), JAVA_LONG.withName("ordblks"), JAVA_LONG.withName("smblks"),
            JAVA_LONG.withName("hblks"), JAVA_LONG.withName("hblkhd"), JAVA_LONG.withName("usmblks"),
            JAVA_LONG.withName("fsmblks"), JAVA_LONG.withName("uordblks"), JAVA_LONG.withName("fordblks"),
            JAVA_LONG.withName("keepcost"));
    private static final MethodHandle MALLINFO = Linker.nativeLinker().defaultLookup().find("mallinfo2")
            .map(address -> Linker.nativeLinker().downcallHandle(address, FunctionDescriptor.of(MALLINFO2)))
            .orElse(null);
    private static final MethodHandle MALLOC_TRIM = Linker.nativeLinker().defaultLookup().find("malloc_trim")
            .map(address -> Linker.nativeLinker().downcallHandle(address,
                    FunctionDescriptor.of(java.lang.foreign.ValueLayout.JAVA_INT, JAVA_LONG)))
            .orElse(null);

    /** What the process holds at one moment. */
    record Snapshot(long mallocInUse, long jvmMalloc, long jvmBlocks, long jvmCommitted, long rss, long directUsed,
                    long directCount) {
        /** malloc's bytes in use less the JVM's own (all of them when native memory tracking is off). */
        long outsideJvm() {
            return mallocInUse - Math.max(0, jvmMalloc);
        }

        @Override
        public String toString() {
            return String.format("malloc in use %,d B (JVM's own %,d B in %,d blocks; the rest %,d B), VmRSS %,d kB"
                            + " (JVM's committed %,d kB), direct/FFM %,d B in %,d", mallocInUse, jvmMalloc, jvmBlocks,
                    outsideJvm(), rss / 1024, jvmCommitted / 1024, directUsed, directCount);
        }
    }

    /**
     * The kinds of connection run in turn (see {@link #connection}); {@code -Dngtcp2.leak.kinds=0,17}
     * runs only those, to find which one leaks.
     */
    private static final int[] KINDS = java.util.Arrays.stream(System.getProperty("ngtcp2.leak.kinds",
            "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19").split(","))
            .mapToInt(k -> Integer.parseInt(k.trim())).toArray();
    private static final Cleaner GC_WITNESS = Cleaner.create();

    private final AtomicInteger unexpected = new AtomicInteger();
    private final List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());

    @Test
    void connectionsOpenedAndClosedLeaveNoNativeMemoryBehind() throws Exception {
        assumeTrue(MALLINFO != null && MALLOC_TRIM != null, "no mallinfo2 or malloc_trim (not glibc)");
        KeyPair identity = InProcessServers.newIdentity();
        byte[] key = ServerKeyPin.rawEd25519(identity.getPublic());
        byte[] wrongKey = ServerKeyPin.rawEd25519(InProcessServers.newIdentity().getPublic());
        InMemoryFileRouter router = new InMemoryFileRouter();
        Transport plain = start(identity, router, Map.of("retry", "off"));
        Transport retrying = start(identity, router, Map.of("retry", "on"));
        // the held connection must outlive every gap between requests: the client's 30 s idle timeout
        Transport full = start(identity, router, Map.of("retry", "off", "max-connections", "1",
                "idle-timeout", "30s"));
        List<Transport> servers = List.of(plain, retrying, full);
        ExecutorService loops = Executors.newCachedThreadPool(Thread.ofPlatform().name("libquic-client-", 0).daemon().factory());
        LibquicClient holder = new LibquicClient(HANG_GUARD, loops);
        try {
            holder.connect(full.localAddress(), key); // the one connection `full` takes: every other is refused
            String stored;
            try (LibquicClient client = new LibquicClient(HANG_GUARD, loops)) {
                client.connect(plain.localAddress(), key);
                stored = client.put(new byte[100]).string("#").orElseThrow();
            }
            Mix mix = new Mix(plain.localAddress(), retrying.localAddress(), full.localAddress(), holder, loops, key,
                    wrongKey, stored);

            long warmUpStarted = System.nanoTime();
            run(mix, WARM_UP);
            awaitAllForgotten(servers);
            Snapshot before = quiet();
            assertTrue(before.jvmMalloc() >= 0, "native memory tracking is off: run with"
                    + " -XX:NativeMemoryTracking=summary (this module's surefire argLine sets it)");
            long started = System.nanoTime();
            run(mix, CONNECTIONS);
            long elapsed = System.nanoTime() - started;
            awaitAllForgotten(servers);
            Snapshot after = settle();

            long mallocGrowth = after.outsideJvm() - before.outsideJvm();
            long totalGrowth = after.mallocInUse() - before.mallocInUse();
            String figures = String.format("%,d connections (after %,d warm-up, %.1f s) in %.1f s (%.2f ms each, %d at once):"
                            + "%n  before: %s%n  after:  %s%n  malloc growth outside the JVM %,d B (%,.1f B per"
                            + " connection), in all %,d B,"
                            + " VmRSS growth %,d kB, direct/FFM growth %,d B",
                    CONNECTIONS, WARM_UP, (started - warmUpStarted) / 1e9, elapsed / 1e9,
                    elapsed / 1e6 / CONNECTIONS, PARALLEL, before, after, mallocGrowth,
                    (double) mallocGrowth / CONNECTIONS, totalGrowth, (after.rss() - before.rss()) / 1024,
                    after.directUsed() - before.directUsed());
            System.out.println("NativeMemoryTest: " + figures);
            assertEquals(0, unexpected.get(), () -> "unexpected outcomes: " + failures);
            assertTrue(withinAllowance(mallocGrowth, CONNECTIONS), "native memory leak: " + figures);
            assertTrue(totalGrowth <= JVM_SLACK + MAX_MALLOC_GROWTH_PER_CONNECTION * CONNECTIONS,
                    "malloc use, the JVM's included, grew: " + figures);
            assertTrue(after.directUsed() - before.directUsed() <= MAX_DIRECT_GROWTH, "direct/FFM memory leak: " + figures);
            long jvmCommittedGrowth = Math.max(0, after.jvmCommitted() - before.jvmCommitted());
            assertTrue(after.rss() - before.rss() - jvmCommittedGrowth <= MAX_RSS_GROWTH,
                    "RSS grew beyond what the JVM committed: " + figures);
        } finally {
            holder.close();
            loops.close();
            for (Transport server : servers) {
                server.close();
            }
        }
    }

    /**
     * The measurement and its allowance see a leak of 8 KiB per connection (less than half a leaked
     * GnuTLS session, ~17 KB) at the default count: as many blocks malloced on several threads, as
     * the server's loop and the clients' loops would leak them, fail the criterion, and pass it
     * again once freed.
     */
    @Test
    void allowanceCatchesEightKilobytesPerConnection() throws Exception {
        assumeTrue(MALLINFO != null && MALLOC_TRIM != null, "no mallinfo2 or malloc_trim (not glibc)");
        long size = 8_192;
        List<MemorySegment> leaked = java.util.Collections.synchronizedList(new ArrayList<>());
        Snapshot before;
        Snapshot leaking;
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            // a warm-up round, as the other test has: this test runs first in its JVM, where the
            // compiler's own malloc churn moved the JVM's part by 15 MB between two measurements and
            // left "outside the JVM" 4.5 MB apart (CI); after one round the same code is compiled
            mallocOn(threads, leaked, size);
            leaked.forEach(Libc::free);
            leaked.clear();
            before = quiet();
            mallocOn(threads, leaked, size);
            leaking = settle();
        }
        leaked.forEach(Libc::free);
        // mallinfo and the JVM's own tracking are read a moment apart while its compiler threads
        // allocate and free MBs, so one reading can show the JVM's drift as "outside" (CI saw the
        // JVM's part fall 5 MB with malloc flat, and a local run 3 MB that five settles in 1 s did
        // not outlast): a freed leak reads as freed once the drift passes, a real one (24 MB here)
        // never does, so settle until it reads as freed or 20 s have passed
        Snapshot freed = settle();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!withinAllowance(freed.outsideJvm() - before.outsideJvm(), DEFAULT_CONNECTIONS)
                && System.nanoTime() < deadline) {
            freed = settle();
        }
        System.out.printf("NativeMemoryTest allowance: before %s%n  leaking %s%n  freed %s%n", before, leaking, freed);
        assertTrue(!withinAllowance(leaking.outsideJvm() - before.outsideJvm(), DEFAULT_CONNECTIONS),
                "8 KiB x " + DEFAULT_CONNECTIONS + " malloced, yet within the allowance: " + before + " then " + leaking);
        assertTrue(withinAllowance(freed.outsideJvm() - before.outsideJvm(), DEFAULT_CONNECTIONS),
                "everything freed, yet beyond the allowance: " + before + " then " + freed);
    }

    /** {@value #DEFAULT_CONNECTIONS} blocks of {@code size} bytes, malloced on {@code threads}, into {@code blocks}. */
    private static void mallocOn(ExecutorService threads, List<MemorySegment> blocks, long size) throws Exception {
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < DEFAULT_CONNECTIONS; i++) {
            done.add(threads.submit(() -> blocks.add(Libc.malloc(size))));
        }
        for (Future<?> block : done) {
            block.get();
        }
    }

    /**
     * A snapshot taken once the JVM's own malloc use has stopped moving (two settles in a row within
     * {@link #MALLOC_SLACK} of each other, or 20 s): a baseline taken while the compiler churns
     * through MBs of arenas puts that churn into every later comparison.
     */
    static Snapshot quiet() throws InterruptedException {
        Snapshot previous = settle();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            Snapshot next = settle();
            if (Math.abs(next.jvmMalloc() - previous.jvmMalloc()) <= MALLOC_SLACK
                    && Math.abs(next.outsideJvm() - previous.outsideJvm()) <= MALLOC_SLACK) {
                return next;
            }
            previous = next;
        }
        return previous;
    }

    /** Whether malloc's growth over {@code connections} is within what the JVM's own drift explains. */
    private static boolean withinAllowance(long growth, int connections) {
        return growth <= MALLOC_SLACK + MAX_MALLOC_GROWTH_PER_CONNECTION * connections;
    }

    // ---- the connections ----

    /** Where the clients go and what they know. */
    private record Mix(InetSocketAddress plain, InetSocketAddress retrying, InetSocketAddress full,
                       LibquicClient holder, java.util.concurrent.Executor loops, byte[] key, byte[] wrongKey,
                       String stored) {
    }

    private void run(Mix mix, int connections) throws Exception {
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < PARALLEL; w++) {
                workers.add(threads.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < connections) {
                        try {
                            connection(mix, i);
                        } catch (Throwable e) {
                            unexpected.incrementAndGet();
                            if (failures.size() < 10) {
                                failures.add(new AssertionError("connection " + i + " (kind " + i % 20 + ")", e));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        }
    }

    /** Connection {@code i}, of kind {@code KINDS[i % KINDS.length]} (by default 14 kinds of 20 close politely). */
    private static void connection(Mix mix, int i) throws Exception {
        int kind = KINDS[i % KINDS.length];
        byte[] info = Bt.Dict.builder().put("#", mix.stored()).build().encode();
        if (kind < 10) {
            try (LibquicClient client = new LibquicClient(HANG_GUARD, mix.loops())) {
                client.connect(mix.plain(), mix.key());
                assertInstanceOf(Frame.Reply.class, client.request("file_info", info));
            }
        } else if (kind < 12) {
            byte[] content = new byte[200 + i % 3_000];
            java.util.Arrays.fill(content, (byte) i);
            try (LibquicClient client = new LibquicClient(HANG_GUARD, mix.loops())) {
                client.connect(mix.plain(), mix.key());
                assertArrayEquals(content, client.get(client.put(content).string("#").orElseThrow()));
            }
        } else if (kind == 12) {
            try (LibquicClient client = new LibquicClient(HANG_GUARD, mix.loops())) {
                client.connect(mix.plain(), mix.key());
                LibquicClient.StreamResetException reset = assertThrows(LibquicClient.StreamResetException.class,
                        () -> client.get("no-such-file"));
                assertEquals(404, reset.code());
            }
        } else if (kind < 14) {
            try (LibquicClient client = new LibquicClient(HANG_GUARD, mix.loops())) {
                client.connect(mix.retrying(), mix.key());
                assertInstanceOf(Frame.Reply.class, client.request("file_info", info));
            }
        } else if (kind == 14) {
            // keeps the one connection `full` takes alive, so that this one is refused
            assertInstanceOf(Frame.Reply.class, mix.holder().request("file_info", info));
            try (LibquicClient client = new LibquicClient(HANG_GUARD, mix.loops())) {
                assertThrows(IOException.class, () -> client.connect(mix.full(), mix.key()), "refused: max-connections");
            }
        } else if (kind < 17) {
            LibquicClient client = new LibquicClient(HANG_GUARD, mix.loops());
            try {
                client.connect(mix.plain(), mix.key());
                assertInstanceOf(Frame.Reply.class, client.request("file_info", info));
            } finally {
                client.abandon(); // the server's idle timeout forgets it
            }
        } else if (kind < 19) {
            abandonInHandshake(mix);
        } else {
            try (LibquicClient client = new LibquicClient(HANG_GUARD, mix.loops())) {
                assertThrows(IOException.class, () -> client.connect(mix.plain(), mix.wrongKey()), "wrong key pinned");
            }
        }
    }

    /**
     * A client that vanishes right after its first Initial: the server's connection is then (almost
     * always) still in its handshake, and only its timers end it.
     */
    private static void abandonInHandshake(Mix mix) throws Exception {
        LibquicClient client = new LibquicClient(HANG_GUARD, mix.loops());
        Thread connecting = Thread.ofVirtual().start(() -> {
            try {
                client.connect(mix.plain(), mix.key());
            } catch (IOException expected) {
                // abandoned before the handshake completed
            }
        });
        try {
            // GnuTLS produces the ClientHello while the client writes its first Initial
            Await.until(() -> client.clientHelloSessionIdLength() >= 0 || !connecting.isAlive(), HANG_GUARD,
                    "the client's first Initial");
        } finally {
            client.abandon();
            connecting.join(HANG_GUARD);
        }
    }

    // ---- the servers ----

    private static Transport start(KeyPair identity, InMemoryFileRouter router, Map<String, String> extra) throws IOException {
        Map<String, String> config = new java.util.HashMap<>(Map.of("idle-timeout", SERVER_TIMEOUT,
                "handshake-timeout", SERVER_TIMEOUT));
        config.putAll(extra);
        return InProcessServers.start(identity, router, config, System.getLogger("quicfiles.test.leak"));
    }

    /**
     * Every server has forgotten every connection (vanished clients: after the server's timers) but
     * the one {@code full} holds, if it is still there.
     */
    private static void awaitAllForgotten(List<Transport> servers) throws InterruptedException {
        Await.until(() -> open(servers.get(0)) == 0 && open(servers.get(1)) == 0 && open(servers.get(2)) <= 1,
                Duration.ofSeconds(60), "servers to forget their connections");
    }

    private static int open(Transport server) {
        return ((Ngtcp2Server) server).openConnections();
    }

    // ---- measuring ----

    /**
     * Collects garbage until the direct/FFM pool stops shrinking (direct buffers are freed by
     * cleaners after a collection), then reads every figure; malloc's is the lowest of a few more
     * collections.
     */
    static Snapshot settle() throws InterruptedException {
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        long previous = -1;
        for (int round = 0; round < 10; round++) {
            collect();
            long count = direct.getCount();
            if (count == previous) {
                break;
            }
            previous = count;
        }
        // the JVM's own malloc use swings by MBs (compiler arenas, pooled chunks): with native memory
        // tracking on, the JVM's part read at the same moment is taken out, so only other code's is left
        trimMalloc(); // free pages malloc keeps would hide a leak's pages in RSS, or pass for one
        Snapshot best = null;
        for (int round = 0; round < 5; round++) {
            collect();
            long[] jvm = jvmMemory();
            Snapshot sample = new Snapshot(mallocInUse(), jvm[0], jvm[1], jvm[2], rss(), direct.getMemoryUsed(),
                    direct.getCount());
            if (best == null || sample.outsideJvm() < best.outsideJvm()) {
                best = sample;
            }
        }
        return best;
    }

    /**
     * The JVM's own malloc use (bytes, blocks) and all the memory it committed, from native memory
     * tracking ({@code -XX:NativeMemoryTracking=summary}, set for this module's tests); -1s when off.
     */
    static long[] jvmMemory() {
        try {
            String summary = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new javax.management.ObjectName("com.sun.management:type=DiagnosticCommand"), "vmNativeMemory",
                    new Object[] {new String[] {"summary"}}, new String[] {String[].class.getName()});
            java.util.regex.Matcher total = java.util.regex.Pattern.compile(
                    "(?m)^Total: reserved=\\d+KB, committed=(\\d+)KB\\s+malloc: (\\d+)KB #(\\d+)").matcher(summary);
            return total.find() ? new long[] {Long.parseLong(total.group(2)) * 1024, Long.parseLong(total.group(3)),
                    Long.parseLong(total.group(1)) * 1024} : new long[] {-1, -1, -1};
        } catch (javax.management.JMException e) {
            return new long[] {-1, -1, -1};
        }
    }

    /** One full collection at least, and until the cleaner of an object it found unreachable has run. */
    private static void collect() throws InterruptedException {
        CountDownLatch cleaned = new CountDownLatch(1);
        GC_WITNESS.register(new Object(), cleaned::countDown);
        for (int i = 0; i < 20 && cleaned.getCount() > 0; i++) {
            System.gc();
            cleaned.await(250, TimeUnit.MILLISECONDS);
        }
    }

    private static void trimMalloc() {
        try {
            int released = (int) MALLOC_TRIM.invokeExact(0L);
        } catch (Throwable e) {
            throw new IllegalStateException("malloc_trim failed", e);
        }
    }

    /** glibc's bytes in use by malloc, in every arena: small blocks plus mmapped ones. */
    static long mallocInUse() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = (MemorySegment) MALLINFO.invokeExact((java.lang.foreign.SegmentAllocator) arena);
            return info.get(JAVA_LONG, MALLINFO2.byteOffset(MemoryLayout.PathElement.groupElement("uordblks")))
                    + info.get(JAVA_LONG, MALLINFO2.byteOffset(MemoryLayout.PathElement.groupElement("hblkhd")));
        } catch (Throwable e) {
            throw new IllegalStateException("mallinfo2 failed", e);
        }
    }

    /** VmRSS from /proc/self/status, in bytes. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
            throw new IllegalStateException("no VmRSS in /proc/self/status");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

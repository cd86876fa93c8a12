package org.quicfiles.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Netty's leak detector, recording every leak it reports so that a test can fail on it. Installed
 * for the whole test JVM with {@code -Dio.netty.customResourceLeakDetector} (see the module's pom);
 * reports still go to the log as usual.
 *
 * @param <T> the tracked resource type
 */
public final class LeakRecorder<T> extends ResourceLeakDetector<T> {
    /** A hint a test puts on a buffer it leaks on purpose, to prove the detector is live. */
    static final String CANARY = "quicfiles-deliberate-leak-canary";

    private static final List<String> LEAKS = new ArrayList<>();
    private static final AtomicInteger DETECTORS = new AtomicInteger();

    /** Called by Netty's leak-detector factory. */
    public LeakRecorder(Class<?> resourceType, int samplingInterval) {
        super(resourceType, samplingInterval);
        DETECTORS.incrementAndGet();
    }

    /** The constructor Netty's factory looks for first; the sampling limit is not used. */
    public LeakRecorder(Class<?> resourceType, int samplingInterval, long maxActive) {
        this(resourceType, samplingInterval);
    }

    /** How many detectors Netty created through this class (0: it is not installed). */
    static int detectors() {
        return DETECTORS.get();
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        record("LEAK: " + resourceType + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        record("LEAK: " + resourceType + " (untraced)");
        super.reportUntracedLeak(resourceType);
    }

    private static void record(String leak) {
        synchronized (LEAKS) {
            LEAKS.add(leak);
        }
    }

    /**
     * The leaks reported so far, apart from deliberate canary leaks (see {@link #collect()}) and, on
     * the ngtcp2 transport (whose server holds no Netty buffer at all), the connect buffers Netty's
     * own client leaks when a server refuses its Initial with CONNECTION_CLOSE (ngtcp2 does so over
     * max-connections; the Netty transport accepts and then closes).
     */
    static List<String> unexpectedLeaks() {
        boolean nettyServer = TestServer.transportName().equals("quic");
        return collect().stream().filter(leak -> !leak.contains(CANARY))
                .filter(leak -> nettyServer || !leak.contains("QuicheQuicClientCodec.connectQuicChannel")).toList();
    }

    /**
     * Makes Netty look for leaked buffers now: collects garbage and allocates tracked buffers, which
     * is when the detector polls its queue of collected, unreleased buffers.
     *
     * @return every leak reported so far in this JVM
     */
    static List<String> collect() {
        for (int round = 0; round < 5; round++) {
            System.gc();
            for (int i = 0; i < 64; i++) {
                ByteBuf probe = ByteBufAllocator.DEFAULT.directBuffer(16);
                probe.release();
            }
        }
        synchronized (LEAKS) {
            return new ArrayList<>(LEAKS);
        }
    }
}

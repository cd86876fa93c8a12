package org.quicfiles.app.internal.memory;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.invoke.MethodHandle;
import java.lang.management.ManagementFactory;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Gives memory back once a busy spell is over: a server that went idle after load keeps its heap
 * grown and glibc keeps the native memory the transport freed, so RSS stayed at its peak. Every
 * {@link #PERIOD_SECONDS} seconds it looks at the process's CPU time; after a period with work
 * (more than {@link #BUSY} of one core) followed by a quiet one (less than {@link #QUIET}), it runs a
 * full collection (which shrinks the heap to the live set plus the JVM's free ratio) and
 * {@code malloc_trim(0)}. Decision note 0430.
 */
public final class MemoryKeeper implements AutoCloseable {
    /** How often the process's CPU time is looked at. */
    public static final long PERIOD_SECONDS = 15;
    /** The share of one core above which a period counts as busy. */
    static final double BUSY = 0.10;
    /** The share of one core below which a period counts as quiet. */
    static final double QUIET = 0.02;

    private static final System.Logger LOG = System.getLogger("org.quicfiles.app.memory");
    private static final Optional<MethodHandle> MALLOC_TRIM = mallocTrim();

    private final com.sun.management.OperatingSystemMXBean os;
    private final ScheduledFuture<?> task;
    private long lastCpu;
    private long lastWall;
    private boolean busySinceTrim;

    private MemoryKeeper(ScheduledExecutorService scheduler) {
        this.os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        this.lastCpu = os.getProcessCpuTime();
        this.lastWall = System.nanoTime();
        this.task = scheduler.scheduleWithFixedDelay(this::look, PERIOD_SECONDS, PERIOD_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts looking every {@link #PERIOD_SECONDS} on {@code scheduler}. */
    public static MemoryKeeper start(ScheduledExecutorService scheduler) {
        return new MemoryKeeper(scheduler);
    }

    private void look() {
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        double share = (cpu - lastCpu) / (double) Math.max(1, wall - lastWall);
        lastCpu = cpu;
        lastWall = wall;
        if (share > BUSY) {
            busySinceTrim = true;
        } else if (share < QUIET && busySinceTrim) {
            busySinceTrim = false;
            giveBack();
            // the collection's own CPU time is not the next period's work
            lastCpu = os.getProcessCpuTime();
            lastWall = System.nanoTime();
        }
    }

    /** A full collection, then glibc's free pages back to the kernel. */
    static void giveBack() {
        System.gc();
        MALLOC_TRIM.ifPresent(trim -> {
            try {
                int ignored = (int) trim.invokeExact(0L);
            } catch (Throwable e) {
                LOG.log(System.Logger.Level.DEBUG, "malloc_trim failed", e);
            }
        });
    }

    @SuppressWarnings("restricted") // the launcher enables native access for this module
    private static Optional<MethodHandle> mallocTrim() {
        try {
            Linker linker = Linker.nativeLinker();
            return linker.defaultLookup().find("malloc_trim")
                    .map(symbol -> linker.downcallHandle(symbol, FunctionDescriptor.of(JAVA_INT, JAVA_LONG)));
        } catch (RuntimeException | LinkageError e) {
            // not glibc (musl has no malloc_trim), or native access refused: the collection alone
            return Optional.empty();
        }
    }

    @Override
    public void close() {
        task.cancel(false);
    }
}

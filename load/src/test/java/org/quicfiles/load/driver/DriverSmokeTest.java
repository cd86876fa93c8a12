package org.quicfiles.load.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.load.targets.Target;
import org.quicfiles.load.targets.Targets;

/**
 * A short run of the tool against real servers on 127.0.0.1 so that it never rots: counts and
 * byte-exact downloads, no timing assertions.
 */
class DriverSmokeTest {
    private static final Duration LONG_ENOUGH = Duration.ofMinutes(2);

    @TempDir
    Path work;

    @Test
    void mixedGetAndPutAgainstTheBareQuicServerCompleteByteExact() throws Exception {
        Workload workload = new Workload(2, 3, Op.MIX, List.of(1L, 1000L, 70_000L), LONG_ENOUGH, 60, 1, true);
        try (Target bare = Targets.inProcessBare(work)) {
            Result result = new Driver(bare, workload, null).run();
            assertEquals(Map.of(), result.errors());
            assertEquals(60, result.ops());
            assertBytesWithin(workload, 60, result.bytes());
        }
    }

    @Test
    void fileInfoAgainstTheBareQuicServerIsAnsweredOnStreamZero() throws Exception {
        Workload workload = new Workload(1, 4, Op.INFO, List.of(1000L), LONG_ENOUGH, 40, 2, true);
        try (Target bare = Targets.inProcessBare(work)) {
            Result result = new Driver(bare, workload, null).run();
            assertEquals(Map.of(), result.errors());
            assertEquals(40, result.ops());
            assertEquals(0, result.bytes());
        }
    }

    @Test
    void rawTcpMovesEveryByte() throws Exception {
        Workload workload = new Workload(2, 2, Op.MIX, List.of(5L, 300_000L), LONG_ENOUGH, 40, 1, true);
        try (Target tcp = Targets.startTcp()) {
            Result result = new Driver(tcp, workload, null).run();
            assertEquals(Map.of(), result.errors());
            assertEquals(40, result.ops());
            assertBytesWithin(workload, 40, result.bytes());
        }
    }

    @Test
    void thePackagedServerServesTheWorkloadAndReportsItsPeakRss() throws Exception {
        Path dist = Path.of(System.getProperty("user.dir")).resolveSibling("dist").resolve("target/quicfiles");
        assumeTrue(Boolean.getBoolean("load.packaged"), "opt-in: -Dload.packaged=true (forks the packaged server)");
        assumeTrue(Files.isExecutable(dist.resolve("bin/quicfiles")), "packaged server not built");
        Workload workload = new Workload(1, 2, Op.MIX, List.of(10_000L), LONG_ENOUGH, 10, 0, true);
        try (Target quicfiles = Targets.startQuicfiles(dist, "-Xmx128m", work, List.of("--no-delete-expired"))) {
            Result result = new Driver(quicfiles, workload, null).run();
            assertEquals(Map.of(), result.errors());
            assertEquals(10, result.ops());
            assertEquals(100_000, result.bytes());
            assertTrue(result.peakRssBytes().orElse(0) > 0, "VmHWM read from /proc");
        }
    }

    /** Every op moved one of the sizes (downloads are verified byte by byte, so a short one is an error). */
    private static void assertBytesWithin(Workload workload, long count, long bytes) {
        long min = workload.sizes().stream().mapToLong(Long::longValue).min().orElseThrow();
        long max = workload.sizes().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(bytes >= min * count && bytes <= max * count, bytes + " bytes for " + count + " ops");
    }
}

package org.quicfiles.load.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WorkloadTest {
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void sizesParseInPowersOfTenAndOfTwo() {
        assertEquals(List.of(1000L, 10_000_000L, 1024L, 3L * 1048576, 512L), Sizes.parseList("1k, 10m,1ki,3MI,512"));
        assertEquals(List.of(), Sizes.parseList(" , "));
        assertThrows(NumberFormatException.class, () -> Sizes.parse("1g"));
        assertThrows(ArithmeticException.class, () -> Sizes.parse("9999999999999999mi"));
    }

    @Test
    void sizesFormatInTheLargestUnitThatDividesThem() {
        assertEquals("10MB", Sizes.format(10_000_000));
        assertEquals("1KB", Sizes.format(1000));
        assertEquals("1500KB", Sizes.format(1_500_000));
        assertEquals("1024B", Sizes.format(1024));
        assertEquals("1B", Sizes.format(1));
    }

    @Test
    void opsParseAnyCaseAndMixAlternatesGetThenPut() {
        assertEquals(Op.INFO, Op.parse(" Info "));
        assertThrows(IllegalArgumentException.class, () -> Op.parse("delete"));
        assertEquals(List.of(Op.GET, Op.PUT, Op.GET, Op.PUT), LongStream.range(0, 4).mapToObj(Op.MIX::step).toList());
        assertEquals(List.of(Op.PUT, Op.PUT), LongStream.range(0, 2).mapToObj(Op.PUT::step).toList());
    }

    @Test
    void workersRotateThroughTheSizesFromDifferentStarts() {
        Workload workload = new Workload(2, 3, Op.GET, List.of(1L, 2L, 3L), MINUTE, 10, 0, false);
        assertEquals(6, workload.workers());
        assertEquals(List.of(1L, 2L, 3L, 1L), LongStream.range(0, 4).mapToObj(n -> workload.sizeFor(0, n)).toList());
        assertEquals(List.of(3L, 1L, 2L), LongStream.range(0, 3).mapToObj(n -> workload.sizeFor(5, n)).toList());
    }

    @Test
    void aWorkloadDescribesItselfAsReportsNameIt() {
        assertEquals("16x8 mix 1MB", new Workload(16, 8, Op.MIX, List.of(1_000_000L), MINUTE, 1, 2, false).describe());
        assertEquals("1x1 put 1KB,100KB", new Workload(1, 1, Op.PUT, List.of(1000L, 100_000L), MINUTE, 1, 0, false).describe());
    }

    @Test
    void impossibleWorkloadsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Workload(0, 1, Op.GET, List.of(1L), MINUTE, 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Workload(1, 1, Op.GET, List.of(), MINUTE, 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Workload(1, 1, Op.GET, List.of(0L), MINUTE, 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Workload(1, 1, Op.GET, List.of(1L), Duration.ZERO, 1, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Workload(1, 1, Op.GET, List.of(1L), MINUTE, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> new Workload(1, 1, Op.GET, List.of(1L), MINUTE, 1, -1, false));
    }

    @Test
    void rateFiguresComeFromTheMeasuredWallTime() {
        Workload workload = new Workload(1, 1, Op.GET, List.of(1_000_000L), MINUTE, 1, 0, false);
        Result result = new Result("quicfiles", workload, 40, java.util.Map.of("code 7", 2L, "http 503", 1L), 40_000_000L,
                2_000_000_000L, 1, 2, 3, 4, OptionalLong.empty(), OptionalLong.of(8_000_000L), OptionalLong.of(100));
        assertEquals(2.0, result.seconds());
        assertEquals(20.0, result.megabytesPerSecond());
        assertEquals(20.0, result.opsPerSecond());
        assertEquals(3, result.errorCount());
        assertEquals(200.0, result.serverCpuMicrosPerOp());
        assertEquals(2.5, result.serverSwitchesPerOp());
        assertEquals("y", result.withTarget("y").target());
        Result noCpu = new Result("t", workload, 0, java.util.Map.of(), 0, 0, 0, 0, 0, 0, OptionalLong.empty(), OptionalLong.empty(),
                OptionalLong.empty());
        assertEquals(Double.NaN, noCpu.serverCpuMicrosPerOp());
        assertEquals(Double.NaN, noCpu.serverSwitchesPerOp());
        assertEquals(1e-9, noCpu.seconds(), "a zero wall time is counted as 1 ns, not divided by");
    }
}

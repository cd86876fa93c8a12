package org.quicfiles.load.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class LatencyTallyTest {
    private static final long MICRO = 1000;

    @Test
    void percentilesAreTakenOverEveryWorkersHistogramMerged() {
        LatencyTally tally = new LatencyTally();
        Histogram odd = tally.newHistogram();
        Histogram even = tally.newHistogram();
        for (long micros = 1; micros <= 100; micros++) {
            LatencyTally.record(micros % 2 == 1 ? odd : even, micros * MICRO);
        }
        // per worker alone the medians would be 49 and 50; merged, 1..100 µs
        assertEquals(new LatencyTally.Latencies(100, 50, 90, 99, 100), tally.latencies());
    }

    @Test
    void aSlowTailMovesP99AndMaxButNotTheMedian() {
        LatencyTally tally = new LatencyTally();
        Histogram worker = tally.newHistogram();
        for (int i = 0; i < 98; i++) {
            LatencyTally.record(worker, 2_000 * MICRO);
        }
        LatencyTally.record(worker, 500_000 * MICRO);
        LatencyTally.record(worker, 900_000 * MICRO);
        LatencyTally.Latencies latencies = tally.latencies();
        assertEquals(100, latencies.count());
        assertEquals(2_000, latencies.p50());
        assertEquals(2_000, latencies.p90());
        // 3 significant digits: values are equivalent within 0.1 %
        assertEquals(500_000, latencies.p99(), 500);
        assertEquals(900_000, latencies.max(), 900);
    }

    @Test
    void anOperationUnderAMicrosecondCountsAsOne() {
        LatencyTally tally = new LatencyTally();
        Histogram worker = tally.newHistogram();
        LatencyTally.record(worker, 10);
        LatencyTally.record(worker, 999);
        assertEquals(new LatencyTally.Latencies(2, 1, 1, 1, 1), tally.latencies());
    }

    @Test
    void noOperationGivesZerosNotAFailure() {
        LatencyTally tally = new LatencyTally();
        tally.newHistogram();
        assertEquals(new LatencyTally.Latencies(0, 0, 0, 0, 0), tally.latencies());
    }

    @Test
    void failuresAreCountedByCauseAndBytesAddUp() {
        LatencyTally tally = new LatencyTally();
        tally.fail("code 404", new IOException("gone"));
        tally.fail("code 404", new IOException("gone again"));
        tally.fail("http 500", new IOException("HTTP 500"));
        tally.addBytes(1000);
        tally.addBytes(24);
        assertEquals(Map.of("code 404", 2L, "http 500", 1L), tally.errors());
        assertEquals(3, tally.errorCount());
        assertEquals(1024, tally.bytes());
    }
}

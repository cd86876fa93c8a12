package org.quicfiles.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicfiles.load.driver.Result;

class ComparisonTableTest {
    private final Result quicfiles = ReportFixtures.result("quicfiles", 300, 1500, 9000, Map.of(), 453, -1);
    private final Result bare = ReportFixtures.result("bare-quic", 400, 1000, 3000, Map.of(), 330, -1);
    private final Result tcp = ReportFixtures.result("raw-tcp", 2000, 200, 1200, Map.of("IOException", 1L), -1, -1);

    @Test
    void aThroughputScenarioComparesMegabytesPerSecond() {
        assertEquals("""

                ### P2: example

                | target | ops | MB/s | ops/s | p50 ms | p90 ms | p99 ms | max ms | errors | server peak RSS | quicfiles / this |
                |---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|
                | quicfiles | 300 | 30.0 | 30.0 | 1.50 | 3.00 | 9.00 | 9.50 | 0 | 453 MiB | — |
                | bare-quic | 400 | 40.0 | 40.0 | 1.00 | 2.00 | 3.00 | 3.50 | 0 | 330 MiB | 0.75 (MB/s) |
                | raw-tcp | 2000 | 200.0 | 200.0 | 0.20 | 0.40 | 1.20 | 1.70 | {IOException=1} | — | 0.15 (MB/s) |
                """, ComparisonTable.render("P2: example", List.of(quicfiles, bare, tcp), ComparisonTable.Measure.THROUGHPUT));
    }

    @Test
    void aLatencyScenarioComparesP99BaselineOverQuicfiles() {
        String table = ComparisonTable.render("P5: example", List.of(quicfiles, bare), ComparisonTable.Measure.LATENCY);
        assertEquals("| bare-quic | 400 | 40.0 | 40.0 | 1.00 | 2.00 | 3.00 | 3.50 | 0 | 330 MiB | 0.33 (p99: this/quicfiles) |",
                table.lines().toList().getLast());
    }

    @Test
    void everyRatioIsBelowOneWhenQuicfilesIsWorse() {
        assertEquals(0.75, Ratios.throughput(quicfiles, bare));
        assertEquals(0.75, Ratios.operations(quicfiles, bare));
        assertEquals(1.0 / 3, Ratios.p99Inverse(quicfiles, bare));
        assertEquals(3.0, Ratios.p99(quicfiles, bare), "the P6 column is quicfiles over bare: above 1 is worse");
        Result instant = ReportFixtures.result("bare-quic", 1, 0, 0, Map.of(), -1, -1);
        assertEquals(9000.0, Ratios.p99(quicfiles, instant), "a p99 of 0 µs is taken as 1");
    }
}

package org.quicfiles.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallFilesTableTest {
    @Test
    void eachWorkloadIsOneRowWithBothServersAndTheirRatios() {
        SmallFilesTable.Pair clean = new SmallFilesTable.Pair(
                ReportFixtures.result("quicfiles", 3000, 1500, 4000, Map.of(), -1, 240_000_000L),
                ReportFixtures.result("bare-quic", 6000, 500, 1000, Map.of(), -1, 120_000_000L));
        SmallFilesTable.Pair failing = new SmallFilesTable.Pair(
                ReportFixtures.result("quicfiles", 10, 1500, 4000, Map.of("code 3", 1L), -1, -1),
                ReportFixtures.result("bare-quic", 20, 500, 1000, Map.of(), -1, -1));
        assertEquals("""

                ### P6: small files, GET and PUT, quicfiles vs the bare QUIC server (in memory), each workload back to back

                | workload | quicfiles ops/s | p50 ms | p99 ms | bare ops/s | p50 ms | p99 ms | ops/s quicfiles / bare | p99 quicfiles / bare \
                | server CPU µs/op quicfiles, bare | server thread switches/op quicfiles, bare | errors |
                |---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|
                | 16x8 mix 1MB | 300 | 1.50 | 4.00 | 600 | 0.50 | 1.00 | **0.50** | 4.00 | 80, 20 | 1.6, 0.4 | 0 |
                | 16x8 mix 1MB | 1 | 1.50 | 4.00 | 2 | 0.50 | 1.00 | **0.50** | 4.00 | NaN, NaN | NaN, NaN | {code 3=1} / {} |
                """, SmallFilesTable.render(List.of(clean, failing)));
    }
}

package org.quicfiles.load.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicfiles.load.driver.Result;

class ResultFormatTest {
    private final Result result = ReportFixtures.result("quicfiles", 300, 1500, 9000,
            Map.of("http 503", 1L, "code 404", 2L), 200, 600_000_000L);

    @Test
    void theTextLineHasEveryFigureInItsUnit() {
        assertEquals("quicfiles    16x8 mix 1MB: 300 ops in 10.00 s, 30.0 MB/s, 30.0 ops/s, latency µs p50 1500 p90 3000"
                        + " p99 9000 max 9500, errors {code 404=2, http 503=1}, server peak RSS 200.0 MiB, server CPU 2000 µs/op, 40.00 thread switches/op",
                ResultFormat.text(result));
    }

    @Test
    void theTextLineLeavesOutWhatTheToolCouldNotMeasure() {
        Result bare = ReportFixtures.result("raw-tcp", 10, 70, 2100, Map.of(), -1, -1);
        assertEquals("raw-tcp      16x8 mix 1MB: 10 ops in 10.00 s, 1.0 MB/s, 1.0 ops/s, latency µs p50 70 p90 140"
                + " p99 2100 max 2600, errors none", ResultFormat.text(bare));
    }

    @Test
    void theJsonObjectKeepsItsFieldsAndOrder() {
        assertEquals("{\"target\":\"quicfiles\",\"connections\":16,\"streams\":8,\"op\":\"mix\",\"sizes\":[1000000],"
                        + "\"ops\":300,\"bytes\":300000000,\"seconds\":10.000,\"mb_per_s\":30.00,\"ops_per_s\":30.00,"
                        + "\"latency_us\":{\"p50\":1500,\"p90\":3000,\"p99\":9000,\"max\":9500},"
                        + "\"errors\":{\"code 404\":2,\"http 503\":1},\"server_peak_rss_bytes\":209715200,\"server_cpu_nanos\":600000000,"
                        + "\"server_context_switches\":12000}",
                ResultFormat.json(result));
    }

    @Test
    void unknownServerFiguresAreJsonNullAndQuotesInACauseCannotBreakTheObject() {
        Result odd = ReportFixtures.result("raw-tcp", 0, 0, 0, Map.of("Bad\"Thing", 1L), -1, -1);
        String json = ResultFormat.json(odd);
        assertEquals(true, json.endsWith("\"errors\":{\"Bad'Thing\":1},\"server_peak_rss_bytes\":null,\"server_cpu_nanos\":null,"
                + "\"server_context_switches\":null}"), json);
    }
}

package org.quicfiles.load.report;

import org.quicfiles.load.driver.Result;

/** The ratios the suite's tables print; each is quicfiles against a baseline of the same run. */
final class Ratios {
    private Ratios() {
    }

    /** MB/s of {@code ours} over MB/s of {@code baseline}: above 1 is quicfiles faster. */
    static double throughput(Result ours, Result baseline) {
        return ours.megabytesPerSecond() / baseline.megabytesPerSecond();
    }

    /** ops/s of {@code ours} over ops/s of {@code baseline}. */
    static double operations(Result ours, Result baseline) {
        return ours.opsPerSecond() / baseline.opsPerSecond();
    }

    /** p99 of {@code baseline} over p99 of {@code ours}: below 1 is quicfiles slower, like the other ratios. */
    static double p99Inverse(Result ours, Result baseline) {
        return (double) baseline.p99() / ours.p99();
    }

    /** p99 of {@code ours} over p99 of {@code baseline} (at least 1 µs): above 1 is quicfiles slower. */
    static double p99(Result ours, Result baseline) {
        return (double) ours.p99() / Math.max(baseline.p99(), 1);
    }
}

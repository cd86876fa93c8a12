package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.quicfiles.testkit.RecordingLogger;

class AbuseLogTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final RecordingLogger logger = new RecordingLogger();
    private final AbuseLog log = new AbuseLog(logger, Duration.ofMinutes(1), now::get);

    @Test
    void aFloodIsOneLineAtOnceThenOneLinePerIntervalWithTheCount() {
        for (int i = 0; i < 1000; i++) {
            log.record(AbuseLog.Cause.STALL);
        }
        log.record(AbuseLog.Cause.HEADER_TIMEOUT);
        log.flush(); // the interval has not passed: nothing more

        assertEquals(List.of(
                "WARNING transport: 1 file stream(s) reset with 499: no progress from the peer for stall-timeout",
                "WARNING transport: 1 file stream(s) reset with 400: command block not complete within header-timeout (slowloris?)"),
                logger.lines());

        now.addAndGet(Duration.ofMinutes(1).toNanos());
        log.flush();
        log.flush();

        assertEquals("WARNING transport: 999 file stream(s) reset with 499: no progress from the peer for stall-timeout"
                + " in the last 60 s", logger.lines().getLast());
        assertEquals(3, logger.lines().size());
    }

    @Test
    void aCauseSeenAgainAfterAQuietIntervalIsWrittenAtOnce() {
        log.record(AbuseLog.Cause.MAX_CONNECTIONS);
        now.addAndGet(Duration.ofMinutes(5).toNanos());
        log.record(AbuseLog.Cause.MAX_CONNECTIONS);

        assertEquals(List.of("WARNING transport: 1 connection(s) refused: max-connections reached",
                "WARNING transport: 1 connection(s) refused: max-connections reached in the last 300 s"), logger.lines());
    }
}

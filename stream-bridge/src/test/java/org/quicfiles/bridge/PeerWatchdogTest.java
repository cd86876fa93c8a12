package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The peer watchdog alone: stall timeout, deadline and minimum rate, each ending a wait. */
class PeerWatchdogTest {
    private static final long MS = 1_000_000;

    @Test
    void aFreshWaitIsBoundedByTheStallTimeout() {
        PeerWatchdog watchdog = PeerWatchdog.stallOnly(Duration.ofSeconds(5));
        watchdog.progress();
        assertEquals(PeerWatchdog.Verdict.WAIT, watchdog.expired());
        long wait = watchdog.waitNanos(Long.MAX_VALUE);
        assertTrue(wait > 4_000 * MS && wait <= 5_000 * MS, "wait " + wait);
        assertEquals(250 * MS, watchdog.waitNanos(250 * MS), "a caller's cap wins when shorter");
    }

    @Test
    void noProgressForTheStallTimeoutIsAStall() {
        PeerWatchdog watchdog = PeerWatchdog.stallOnly(Duration.ZERO);
        assertEquals(PeerWatchdog.Verdict.STALLED, watchdog.expired());
        assertTrue(watchdog.describe(PeerWatchdog.Verdict.STALLED).contains("no progress"));
    }

    @Test
    void aPassedDeadlineEndsTheWaitBeforeTheStallTimeout() {
        PeerWatchdog watchdog = PeerWatchdog.stallOnly(Duration.ofHours(1));
        watchdog.deadline(System.nanoTime() + 3_000 * MS);
        assertTrue(watchdog.waitNanos(Long.MAX_VALUE) <= 3_000 * MS);
        watchdog.deadline(System.nanoTime() - 1);
        assertEquals(PeerWatchdog.Verdict.DEADLINE, watchdog.expired());
        watchdog.noDeadline();
        assertEquals(PeerWatchdog.Verdict.WAIT, watchdog.expired());
    }

    @Test
    void aPeerBelowTheRateIsTooSlowButTheServersOwnWaitDoesNotCount() {
        PeerWatchdog watchdog = new PeerWatchdog(Duration.ofHours(1), new MinimumRate(1000, Duration.ofSeconds(1)));
        assertTrue(watchdog.waitNanos(Long.MAX_VALUE) <= 100 * MS, "waits report in time for the rate's checks");
        for (int i = 0; i < 20; i++) {
            assertEquals(PeerWatchdog.Verdict.WAIT, watchdog.waited(100 * MS, true));
        }
        PeerWatchdog.Verdict verdict = PeerWatchdog.Verdict.WAIT;
        for (int i = 0; i < 20 && verdict == PeerWatchdog.Verdict.WAIT; i++) {
            watchdog.moved(1);
            verdict = watchdog.waited(100 * MS, false);
        }
        assertEquals(PeerWatchdog.Verdict.TOO_SLOW, verdict);
    }
}

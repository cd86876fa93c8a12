package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The sliding-window rate meter on its waiting-time clock, driven step by step. */
class MinimumRateTest {
    private static final long MS = 1_000_000;

    @Test
    void zeroDisablesIt() {
        MinimumRate rate = new MinimumRate(0, Duration.ofSeconds(1));
        rate.waited(100_000 * MS);
        assertFalse(rate.enabled());
        assertFalse(rate.tooSlow());
    }

    @Test
    void nothingIsJudgedBeforeAWholeWindowOfWaiting() {
        MinimumRate rate = new MinimumRate(1000, Duration.ofSeconds(1));
        rate.waited(999 * MS);
        assertFalse(rate.tooSlow());
        rate.waited(MS);
        assertTrue(rate.tooSlow());
    }

    @Test
    void aDripBelowTheRateIsTooSlowAfterOneWindow() {
        MinimumRate rate = new MinimumRate(1000, Duration.ofSeconds(1));
        boolean cut = false;
        for (int step = 0; step < 20 && !cut; step++) { // one byte every 100 ms: 10 B/s
            rate.waited(100 * MS);
            rate.moved(1);
            cut = rate.tooSlow();
        }
        assertTrue(cut);
    }

    @Test
    void aSteadyPeerAboveTheRateIsNeverCut() {
        MinimumRate rate = new MinimumRate(1000, Duration.ofSeconds(1));
        for (int step = 0; step < 500; step++) { // 150 bytes every 100 ms: 1,500 B/s
            rate.waited(100 * MS);
            rate.moved(150);
            assertFalse(rate.tooSlow(), "step " + step);
        }
    }

    @Test
    void anEarlyBurstDoesNotBuyCreditBeyondTheWindow() {
        MinimumRate rate = new MinimumRate(1000, Duration.ofSeconds(1));
        rate.moved(1_000_000);
        rate.waited(900 * MS);
        assertFalse(rate.tooSlow());
        rate.waited(1_200 * MS);
        assertTrue(rate.tooSlow(), "the burst left the window");
    }

    @Test
    void timeSpentOutsideWaitsIsNotCounted() {
        MinimumRate rate = new MinimumRate(1000, Duration.ofSeconds(1));
        // the command works for minutes between reads; only its 50 ms waits count
        for (int step = 0; step < 100; step++) {
            rate.waited(50 * MS);
            rate.moved(100);
            assertFalse(rate.tooSlow(), "step " + step);
        }
    }
}

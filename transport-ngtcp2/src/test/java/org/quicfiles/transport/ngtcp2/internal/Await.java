package org.quicfiles.transport.ngtcp2.internal;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded waits in tests for a condition another thread makes true. */
final class Await {
    private Await() {
    }

    /** Polls {@code condition} until it holds; fails with "no {@code what} within …" after {@code limit}. */
    static void until(BooleanSupplier condition, Duration limit, String what) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + what + " within " + limit.toSeconds() + " s");
            }
            Thread.sleep(1); // polling a condition, bounded by the deadline
        }
    }
}

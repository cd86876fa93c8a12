package org.quicfiles.endpoints.session.internal;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs {@link ReleasePoller#tick()} on the server's shared scheduler. The scheduler only starts a
 * virtual thread for each tick (HTTP requests may take up to the timeout times the retries, too long
 * for a shared scheduler thread), and a tick is skipped while the previous one still runs.
 */
final class PollSchedule implements AutoCloseable {
    private static final Duration MIN_PERIOD = Duration.ofSeconds(1);
    private static final Duration MAX_PERIOD = Duration.ofMinutes(1);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(5);

    private final ReleasePoller poller;
    private final System.Logger logger;
    private final AtomicReference<Thread> running = new AtomicReference<>();
    private volatile ScheduledFuture<?> future;
    private volatile boolean closed;

    PollSchedule(ReleasePoller poller, System.Logger logger) {
        this.poller = poller;
        this.logger = logger;
    }

    /**
     * The time between ticks: short enough that each project is polled soon after it is due, one
     * project per tick, and never shorter than a second.
     */
    static Duration period(SessionSettings settings) {
        Duration share = settings.pollInterval().dividedBy(2L * settings.projects().size());
        return share.compareTo(MIN_PERIOD) < 0 ? MIN_PERIOD : share.compareTo(MAX_PERIOD) > 0 ? MAX_PERIOD : share;
    }

    /** Starts ticking now and then every {@code period}. */
    void start(ScheduledExecutorService scheduler, Duration period) {
        future = scheduler.scheduleWithFixedDelay(this::kick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void kick() {
        if (closed || running.get() != null) {
            return;
        }
        Thread thread = Thread.ofVirtual().name("session-poll").unstarted(this::runTick);
        if (running.compareAndSet(null, thread)) {
            thread.start();
        }
    }

    private void runTick() {
        try {
            poller.tick();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            logger.log(Level.WARNING, "session: poll tick failed: " + e);
        } finally {
            running.set(null);
        }
    }

    /**
     * Stops ticking, interrupts a poll in progress and waits briefly for it, so that it does not
     * write to a database the server is about to close.
     */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> scheduled = future;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        Thread thread = running.get();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

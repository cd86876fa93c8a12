package org.quicfiles.endpoints.session.internal;

import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Polls one project per {@link #tick()}: the one that has waited longest, and only once at least
 * the poll interval has passed since its last attempt (recorded in the database, so a restart
 * does not poll again early). A success replaces the project's rows; a failure changes nothing
 * clients see. Failures are logged paced, since an offline server fails every tick: the first one
 * in one WARNING line that names {@code session.enabled=false}, then at most one line per
 * {@link #FIRST_QUIET} (doubling up to {@link #MAX_QUIET}) counting the failures in between, and
 * one INFO line when a poll succeeds again.
 */
final class ReleasePoller {
    private final SessionSettings settings;
    private final ReleaseStore store;
    private final GitHubReleaseClient client;
    private final Clock clock;
    private final System.Logger logger;
    /** The quiet time after the first warning. */
    static final java.time.Duration FIRST_QUIET = java.time.Duration.ofMinutes(10);
    /** The longest quiet time between two warnings. */
    static final java.time.Duration MAX_QUIET = java.time.Duration.ofHours(6);
    private int failuresSinceSuccess;
    private int failuresUnreported;
    private long nextWarning = Long.MIN_VALUE;
    private java.time.Duration quiet = FIRST_QUIET;

    ReleasePoller(SessionSettings settings, ReleaseStore store, GitHubReleaseClient client, Clock clock,
                  System.Logger logger) {
        this.settings = settings;
        this.store = store;
        this.client = client;
        this.clock = clock;
        this.logger = logger;
    }

    /**
     * Polls the project that is most overdue, if any is due.
     *
     * @return the platform polled (successfully or not), or empty when none was due
     * @throws SQLException if the database failed
     * @throws InterruptedException if the plugin is stopping
     */
    synchronized Optional<String> tick() throws SQLException, InterruptedException {
        long now = clock.instant().getEpochSecond();
        Optional<String> due = mostOverdue(store.lastAttempts(), now);
        if (due.isEmpty()) {
            return due;
        }
        String platform = due.get();
        String source = settings.source(platform);
        store.recordAttempt(source, now);
        try {
            List<Release> releases = client.fetch(settings.projects().get(platform));
            store.replace(source, releases, now);
            if (failuresSinceSuccess > 0) {
                logger.log(Level.INFO, "session: poll of " + source + " succeeded again after " + failuresSinceSuccess
                        + " failed poll" + (failuresSinceSuccess == 1 ? "" : "s"));
            }
            failuresSinceSuccess = 0;
            failuresUnreported = 0;
            nextWarning = Long.MIN_VALUE;
            quiet = FIRST_QUIET;
        } catch (PollException e) {
            failed(source, now, e.getMessage());
        }
        return due;
    }

    private void failed(String source, long now, String why) {
        failuresSinceSuccess++;
        failuresUnreported++;
        if (now < nextWarning) {
            return;
        }
        String line = "session: poll of " + source + " failed, keeping what was known: " + why;
        if (failuresUnreported > 1) {
            line += " (" + failuresUnreported + " failed polls since the last warning)";
        }
        logger.log(Level.WARNING, line + "; next warning in " + quiet.toMinutes()
                + " min at the earliest; set session.enabled=false to stop polling GitHub");
        failuresUnreported = 0;
        nextWarning = now + quiet.toSeconds();
        quiet = quiet.multipliedBy(2).compareTo(MAX_QUIET) > 0 ? MAX_QUIET : quiet.multipliedBy(2);
    }

    /** The platform whose project was attempted longest ago (never first), if it is due. */
    private Optional<String> mostOverdue(Map<String, Long> lastAttempts, long now) {
        long interval = Math.max(1, settings.pollInterval().toSeconds());
        String best = null;
        long bestAttempt = Long.MAX_VALUE;
        for (String platform : settings.projects().keySet()) {
            long attempt = lastAttempts.getOrDefault(settings.source(platform), Long.MIN_VALUE);
            boolean isDue = attempt == Long.MIN_VALUE || now - attempt >= interval;
            if (isDue && attempt < bestAttempt) {
                best = platform;
                bestAttempt = attempt;
            }
        }
        return Optional.ofNullable(best);
    }
}

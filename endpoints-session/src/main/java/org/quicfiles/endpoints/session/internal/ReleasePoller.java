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
 * does not poll again early). A success replaces the project's rows; a failure is logged in one
 * line and changes nothing clients see.
 */
final class ReleasePoller {
    private final SessionSettings settings;
    private final ReleaseStore store;
    private final GitHubReleaseClient client;
    private final Clock clock;
    private final System.Logger logger;

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
        } catch (PollException e) {
            logger.log(Level.WARNING, "session: poll of " + source + " failed, keeping what was known: "
                    + e.getMessage());
        }
        return due;
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

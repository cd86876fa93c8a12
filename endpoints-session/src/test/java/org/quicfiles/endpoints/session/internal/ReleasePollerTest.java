package org.quicfiles.endpoints.session.internal;

import static org.quicfiles.endpoints.session.internal.FakeGitHub.Answer.ok;
import static org.quicfiles.endpoints.session.internal.FakeGitHub.latestPath;
import static org.quicfiles.endpoints.session.internal.FakeGitHub.recentPath;
import static org.quicfiles.endpoints.session.internal.Fixtures.list;
import static org.quicfiles.endpoints.session.internal.Fixtures.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.endpoints.session.internal.FakeGitHub.Answer;

class ReleasePollerTest {
    private static final String DESKTOP = "{\"platform\":\"desktop\"}";

    @TempDir
    Path directory;

    private Harness harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void start(Map<String, String> config) throws Exception {
        harness = new Harness(directory, config);
        harness.github.releases("session-desktop", ok(release("v1.14.2", false, "a.dmg")),
                ok(list(release("v1.15.0-beta.1", true), release("v1.14.2", false, "a.dmg"))));
        assertEquals(Optional.of("desktop"), harness.poller.tick());
        assertEquals("1.14.2", harness.askJson(DESKTOP).get("result").asText());
    }

    /** Makes desktop due again and ticks; the answer must be what it was before. */
    private void failingPollKeepsTheAnswer(Answer latest, Answer recent, String logged) throws Exception {
        long before = harness.askJson(DESKTOP).get("updated").asLong();
        harness.github.releases("session-desktop", latest, recent);
        harness.context.clock().advance(Duration.ofMinutes(30));
        int logLines = harness.context.logger().lines().size();

        assertEquals(Optional.of("desktop"), harness.poller.tick());

        assertEquals("1.14.2", harness.askJson(DESKTOP).get("result").asText());
        assertEquals(before, harness.askJson(DESKTOP).get("updated").asLong(), "updated is the last success");
        assertEquals("1.15.0-beta.1", harness.askJson(DESKTOP).get("prerelease").get("result").asText());
        List<String> newLines = new ArrayList<>(harness.context.logger().lines().subList(logLines,
                harness.context.logger().lines().size()));
        assertEquals(1, newLines.size(), newLines.toString());
        assertTrue(newLines.getFirst().contains(logged), newLines.getFirst());
        assertTrue(newLines.getFirst().contains("session-foundation/session-desktop"), newLines.getFirst());
        assertTrue(newLines.getFirst().lines().count() == 1, "one line");
    }

    @Test
    void upstream500IsRetriedThenKeepsTheAnswer() throws Exception {
        start(Map.of("projects", "desktop=session-desktop", "retries", "2", "retry-backoff", "1ms"));

        failingPollKeepsTheAnswer(Answer.status(500), Answer.status(500), "HTTP 500");

        assertEquals(1 + 3, harness.github.requests(latestPath("session-desktop")), "first poll + 1 try, 2 retries");
    }

    @Test
    void aClientErrorIsNotRetried() throws Exception {
        start(Map.of("projects", "desktop=session-desktop", "retries", "2", "retry-backoff", "1ms"));

        failingPollKeepsTheAnswer(ok(release("v1.14.2", false)), Answer.status(403), "HTTP 403");

        assertEquals(2, harness.github.requests(recentPath("session-desktop")));
    }

    @Test
    void aHangPastTheTimeoutKeepsTheAnswer() throws Exception {
        // 2 s, not less: the first, successful poll shares the timeout and a loaded CI machine is slow
        start(Map.of("projects", "desktop=session-desktop", "timeout", "2s", "retries", "0"));

        failingPollKeepsTheAnswer(Answer.hang(), Answer.hang(), "timed out");
    }

    @Test
    void malformedJsonKeepsTheAnswer() throws Exception {
        start(Map.of("projects", "desktop=session-desktop"));

        failingPollKeepsTheAnswer(ok("{\"tag_name\": \"v2.0.0\", "), ok("[]"), "malformed JSON");
    }

    @Test
    void jsonOfTheWrongShapeKeepsTheAnswer() throws Exception {
        start(Map.of("projects", "desktop=session-desktop"));

        failingPollKeepsTheAnswer(ok(release("v2.0.0", false)), ok("{\"message\":\"Not a list\"}"),
                "unexpected JSON");
    }

    @Test
    void noProjectIsPolledMoreOftenThanThePollInterval() throws Exception {
        harness = new Harness(directory, Map.of("poll-interval", "30m"));
        for (String repository : List.of("session-desktop", "session-android", "session-ios")) {
            harness.github.releases(repository, ok(release("v1.0.0", false)), ok(list(release("v1.0.0", false))));
        }

        assertEquals(Optional.of("desktop"), harness.poller.tick(), "one project per tick");
        assertEquals(2, harness.github.totalRequests());
        assertEquals(Optional.of("android"), harness.poller.tick());
        assertEquals(Optional.of("ios"), harness.poller.tick());
        for (int i = 0; i < 5; i++) {
            assertEquals(Optional.empty(), harness.poller.tick());
        }
        harness.context.clock().advance(Duration.ofMinutes(30).minusSeconds(1));
        assertEquals(Optional.empty(), harness.poller.tick());
        assertEquals(6, harness.github.totalRequests());

        harness.context.clock().advance(Duration.ofSeconds(1));
        assertEquals(Optional.of("desktop"), harness.poller.tick());
        assertEquals(Optional.of("android"), harness.poller.tick());
        assertEquals(Optional.of("ios"), harness.poller.tick());
        assertEquals(Optional.empty(), harness.poller.tick());
        for (String repository : List.of("session-desktop", "session-android", "session-ios")) {
            assertEquals(2, harness.github.requests(latestPath(repository)), repository);
            assertEquals(2, harness.github.requests(recentPath(repository)), repository);
        }
    }

    @Test
    void aFailedPollCountsAgainstTheInterval() throws Exception {
        harness = new Harness(directory, Map.of("projects", "desktop=session-desktop"));
        harness.github.releases("session-desktop", Answer.status(500), Answer.status(500));

        assertEquals(Optional.of("desktop"), harness.poller.tick());
        assertEquals(Optional.empty(), harness.poller.tick());
        assertEquals(1, harness.github.totalRequests());
        assertThrows(QuicFilesException.class, () -> harness.askJson(DESKTOP));
    }

    @Test
    void aRestartAnswersFromTheTablesAndDoesNotPollEarly() throws Exception {
        start(Map.of("projects", "desktop=session-desktop"));
        FakeGitHub github = harness.github;
        harness.client.close();
        harness.context.close();

        Harness restarted = new Harness(directory, Map.of("projects", "desktop=session-desktop",
                "base-url", github.baseUrl()), new FakeGitHub());
        try {
            restarted.context.clock().advance(Duration.ofMinutes(29));
            assertEquals(Optional.empty(), restarted.poller.tick());
            assertEquals("1.14.2", restarted.askJson(DESKTOP).get("result").asText());
        } finally {
            restarted.close();
        }
        assertEquals(2, github.totalRequests());
    }

    @Test
    void aSuccessfulPollReplacesWhatWasKnown() throws Exception {
        start(Map.of("projects", "desktop=session-desktop"));
        harness.github.releases("session-desktop", ok(release("v1.14.3", false)),
                ok(list(release("v1.14.3", false))));
        harness.context.clock().advance(Duration.ofHours(1));

        harness.poller.tick();

        var reply = harness.askJson(DESKTOP);
        assertEquals("1.14.3", reply.get("result").asText());
        assertEquals(harness.context.clock().instant().getEpochSecond(), reply.get("updated").asLong());
        assertTrue(!reply.has("prerelease"), "the withdrawn beta is gone");
    }

    @Test
    void noStableReleaseYetIsUnavailableOnStableOnly() throws Exception {
        harness = new Harness(directory, Map.of("projects", "desktop=session-desktop"));
        harness.github.releases("session-desktop", Answer.status(404), ok(list(release("v1.0.0-beta.1", true))));

        harness.poller.tick();

        QuicFilesException e = assertThrows(QuicFilesException.class, () -> harness.askJson(DESKTOP));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals("1.0.0-beta.1", harness.askJson(
                "{\"platform\":\"desktop\",\"release_channel\":\"prerelease\"}").get("result").asText());
    }

    @Test
    void anOfflineServerWarnsOnceThenAtASlowerPaceAndSaysHowToStop() throws Exception {
        start(Map.of("projects", "desktop=session-desktop", "retries", "0", "poll-interval", "1m"));
        harness.github.releases("session-desktop", Answer.status(503), Answer.status(503));
        int before = harness.context.logger().lines().size();

        // one failed poll a minute for 25 minutes: warnings at minute 1 and 11 (10 min quiet), then 20 min quiet
        for (int minute = 1; minute <= 25; minute++) {
            harness.context.clock().advance(Duration.ofMinutes(1));
            assertEquals(Optional.of("desktop"), harness.poller.tick());
        }
        List<String> warnings = harness.context.logger().lines().subList(before, harness.context.logger().lines().size())
                .stream().filter(line -> line.contains("failed")).toList();

        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("set session.enabled=false to stop polling GitHub"), warnings.get(0));
        assertTrue(warnings.get(1).contains("(10 failed polls since the last warning)"), warnings.get(1));
        assertTrue(warnings.get(1).contains("next warning in 20 min"), warnings.get(1));

        harness.github.releases("session-desktop", ok(release("v1.14.2", false, "a.dmg")),
                ok(list(release("v1.14.2", false, "a.dmg"))));
        harness.context.clock().advance(Duration.ofMinutes(1));
        harness.poller.tick();
        assertTrue(harness.context.logger().lines().getLast().contains("succeeded again after 25 failed polls"),
                harness.context.logger().lines().getLast());
    }
}

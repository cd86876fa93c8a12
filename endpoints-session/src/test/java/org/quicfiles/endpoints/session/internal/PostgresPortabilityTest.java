package org.quicfiles.endpoints.session.internal;

import static org.quicfiles.endpoints.session.internal.FakeGitHub.Answer.ok;
import static org.quicfiles.endpoints.session.internal.Fixtures.list;
import static org.quicfiles.endpoints.session.internal.Fixtures.release;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.endpoints.session.internal.FakeGitHub.Answer;
import org.quicfiles.plugin.support.sql.UrlDataSource;
import org.quicfiles.testkit.PostgresServer;

/**
 * The same SQL on PostgreSQL: a database of testkit's PostgreSQL test server, whatever
 * {@code quicfiles.test.database} chooses for the rest of the suite.
 */
class PostgresPortabilityTest {
    @TempDir
    Path directory;

    @Test
    void migratesPollsAndAnswersOnPostgresql() throws Exception {
        UrlDataSource postgres = PostgresServer.shared().database("session_portability");
        try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS session_asset, session_release, session_poll");
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version "
                    + "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
            statement.execute("DELETE FROM schema_version WHERE component = 'session'");
        }
        try (Harness harness = new Harness(directory, Map.of("projects", "desktop=session-desktop"),
                new FakeGitHub(), postgres)) {
            assertEquals(1, ReleaseStore.migrate(postgres), "a second migration is a no-op");
            harness.github.releases("session-desktop", ok(release("v1.14.2", false, "a.dmg", "b.exe")),
                    ok(list(release("v1.15.0-beta.1", true), release("v1.14.2", false, "a.dmg", "b.exe"))));

            assertEquals(Optional.of("desktop"), harness.poller.tick());
            assertEquals(Optional.empty(), harness.poller.tick());

            var json = harness.askJson("{\"platform\":\"desktop\"}");
            assertEquals("1.14.2", json.get("result").asText());
            assertEquals("b.exe", json.get("assets").get(1).get("name").asText());
            assertEquals("1.15.0-beta.1", json.get("prerelease").get("result").asText());
            Bt.Dict bt = harness.askBt(Bt.Dict.builder().put("platform", "desktop")
                    .put("release_channel", "prerelease").build());
            assertEquals("1.15.0-beta.1", bt.string("result").orElseThrow());

            harness.github.releases("session-desktop", Answer.status(500), Answer.status(500));
            harness.context.clock().advance(Duration.ofMinutes(30));
            harness.poller.tick();
            assertEquals("1.14.2", harness.askJson("{\"platform\":\"desktop\"}").get("result").asText());

            harness.github.releases("session-desktop", ok(release("v1.14.3", false)), ok(list()));
            harness.context.clock().advance(Duration.ofMinutes(30));
            harness.poller.tick();
            var replaced = harness.askJson("{\"platform\":\"desktop\"}");
            assertEquals("1.14.3", replaced.get("result").asText());
            assertTrue(!replaced.has("prerelease"));
        }
    }
}

package org.quicfiles.endpoints.token.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.spi.ServerContext;
import org.quicfiles.testkit.TestServerContext;
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
    void migratesLoadsAndAnswersOnPostgresql() throws Exception {
        UrlDataSource postgres = PostgresServer.shared().database("token_portability");
        try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS token_supply, token_history");
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version "
                    + "(component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
            statement.execute("DELETE FROM schema_version WHERE component = 'token'");
        }
        try (TestServerContext context = TestServerContext.builder(directory).dataSource(postgres, ServerContext.SqlDialect.POSTGRESQL).build()) {
            RequestEndpoint endpoint = new TokenProvider().create(context).requestEndpoints().get("token_info");
            new TokenProvider().create(context);
            TokenImporter importer = new TokenImporter(new TokenStore(postgres), context.clock());

            // the tool prunes by the system clock: give it supply figures only
            Path file = Files.writeString(directory.resolve("stats.json"), Documents.document(777));
            StringWriter err = new StringWriter();
            assertEquals(0, new TokenTool().run(new PrintWriter(new StringWriter()), new PrintWriter(err), "import",
                    "--database", postgres.url(), file.toString()), err.toString());
            assertEquals(777, new ObjectMapper().readTree(org.quicfiles.testkit.RequestCalls.answer(endpoint, new byte[0])).get("maximum_supply").asLong());
            importer.load(Documents.daily(240_000_000L, 40).getBytes(StandardCharsets.UTF_8));
            long today = Documents.NOW - 7200;
            importer.load(Documents.document(1, Documents.sample(today + 3600, "0.9", 2, 2))
                    .getBytes(StandardCharsets.UTF_8));
            importer.load(Documents.document(1, Documents.sample(today - 60, "0.1", 3, 3))
                    .getBytes(StandardCharsets.UTF_8));
            assertThrows(InvalidStatisticsException.class, () -> importer.load(
                    Documents.document(5, Documents.sample(1, "x", 1, 1)).getBytes(StandardCharsets.UTF_8)));

            JsonNode json = new ObjectMapper().readTree(org.quicfiles.testkit.RequestCalls.answer(endpoint, "{\"days\":30}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(1, json.get("maximum_supply").asLong());
            assertEquals(30, json.get("history").size());
            assertEquals("0.9", json.get("history").get(0).get("current_value").asText());
            Bt.Dict bt = Bt.decodeDict(org.quicfiles.testkit.RequestCalls.answer(endpoint, Bt.Dict.builder().put("days", 1).build().encode()));
            assertEquals(1, ((Bt.Lst) bt.get("history").orElseThrow()).items().size());
            try (Connection connection = postgres.getConnection(); Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT count(*) FROM token_history")) {
                rows.next();
                assertEquals(TokenStore.KEEP_DAYS, rows.getInt(1), "days before the last 31 are pruned");
            }
        }
    }
}

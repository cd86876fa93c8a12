package org.quicfiles.endpoints.token.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.ApiVersion;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.testkit.TestServerContext;

class StatisticsFeedTest {
    @TempDir
    Path directory;

    private FeedServer server;
    private TestServerContext context;
    private TokenInfoEndpoint endpoint;
    private TokenImporter importer;

    @BeforeEach
    void open() throws Exception {
        server = new FeedServer();
        context = TestServerContext.builder(directory).build();
        DataSource connections = context.dataSource();
        TokenStore.migrate(connections);
        TokenStore store = new TokenStore(connections);
        importer = new TokenImporter(store, context.clock());
        endpoint = new TokenInfoEndpoint(store, context.clock());
    }

    @AfterEach
    void close() {
        context.close();
        server.close();
    }

    private StatisticsFeed feed(String url, String timeout) {
        TokenSettings settings = TokenSettings.from(new org.quicfiles.api.Config(
                Map.of("source-url", url, "timeout", timeout)));
        return new StatisticsFeed(URI.create(url), settings, importer, context.logger());
    }

    private long maximumSupply() throws Exception {
        JsonNode reply = new ObjectMapper().readTree(org.quicfiles.testkit.RequestCalls.answer(endpoint, "{}".getBytes(StandardCharsets.UTF_8)));
        return reply.get("maximum_supply").asLong();
    }

    @Test
    void loadsTheFeedAndKeepsItThroughFailures() throws Exception {
        try (StatisticsFeed feed = feed(server.url(), "300ms")) {
            server.answer(200, Documents.daily(111, 2));
            assertTrue(feed.tick());
            assertEquals(111, maximumSupply());

            server.answer(500, "{}");
            assertFalse(feed.tick());
            server.answer(200, "{\"maximum_supply\": 2");
            assertFalse(feed.tick());
            server.answer(200, Documents.daily(222, 2).replace("\"0.0500\"", "\"n/a\""));
            assertFalse(feed.tick());
            server.hang();
            assertFalse(feed.tick());

            assertEquals(111, maximumSupply());
            List<String> warnings = context.logger().lines().stream().filter(l -> l.startsWith("WARNING")).toList();
            assertEquals(4, warnings.size(), warnings.toString());
            assertTrue(warnings.get(0).contains("HTTP 500"), warnings.get(0));
            assertTrue(warnings.get(1).contains("not valid JSON"), warnings.get(1));
            assertTrue(warnings.get(2).contains("history[0].current_value"), warnings.get(2));
            assertTrue(warnings.get(3).contains("timed out"), warnings.get(3));
            warnings.forEach(line -> assertFalse(line.contains("\n"), line));
        }
    }

    @Test
    void aFileUrlIsReadToo() throws Exception {
        Path file = Files.writeString(directory.resolve("stats.json"), Documents.daily(333, 1));
        try (StatisticsFeed feed = feed(file.toUri().toString(), "1s")) {
            assertTrue(feed.tick());
        }
        assertEquals(333, maximumSupply());
    }

    @Test
    void theProviderFetchesOnTheSchedulerWhenASourceIsSet() throws Exception {
        server.answer(200, Documents.daily(444, 1));
        try (TestServerContext scheduled = TestServerContext.builder(directory).config(Map.of("source-url", server.url())).build()) {
            TokenProvider provider = new TokenProvider();
            assertEquals("token", provider.name());
            assertEquals(ApiVersion.CURRENT, provider.apiVersion());
            assertEquals(Set.of("token_info"), provider.requestEndpoints());
            assertEquals(Set.of(), provider.streamCommands());
            Endpoints endpoints = provider.create(scheduled);
            server.awaitFirstRequest();
            endpoints.onClose().close();
            assertTrue(server.requests() >= 1);
        }
    }

    @Test
    void withoutASourceThereIsNoFeedAndNothingIsKnown() throws Exception {
        Endpoints endpoints = new TokenProvider().create(context);
        QuicFilesException e = assertThrows(QuicFilesException.class, () -> org.quicfiles.testkit.RequestCalls.answer(
                endpoints.requestEndpoints().get("token_info"), new byte[0]));
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertEquals(0, server.requests());
        endpoints.onClose().close();
    }

    @Test
    void aBadSourceUrlFailsTheStartNamingTheKey() {
        try (TestServerContext bad = TestServerContext.builder(directory).config(Map.of("source-url", "ftp://example/stats.json")).build()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new TokenProvider().create(bad));
            assertTrue(e.getMessage().startsWith("token.source-url"), e.getMessage());
        }
    }
}

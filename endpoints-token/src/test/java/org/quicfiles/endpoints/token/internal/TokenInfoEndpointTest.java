package org.quicfiles.endpoints.token.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.testkit.TestServerContext;

class TokenInfoEndpointTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path directory;

    private TestServerContext context;
    private TokenImporter importer;
    private TokenInfoEndpoint endpoint;

    @BeforeEach
    void open() throws Exception {
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
    }

    private void load(String document) throws Exception {
        importer.load(document.getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode askJson(String body) throws Exception {
        return JSON.readTree(org.quicfiles.testkit.RequestCalls.answer(endpoint, body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void answersInJsonNewestFirstForSevenDaysByDefault() throws Exception {
        load(Documents.daily(240_000_000L, 10));

        JsonNode reply = askJson("{}");

        assertEquals(240_000_000L, reply.get("maximum_supply").asLong());
        assertEquals(25_000L, reply.get("sent_per_node").asLong());
        assertEquals(40_000_000L, reply.get("staking_reward_pool").asLong());
        JsonNode history = reply.get("history");
        assertEquals(7, history.size());
        assertEquals(Documents.NOW - 3600, history.get(0).get("updated").asLong());
        assertEquals("0.0500", history.get(0).get("current_value").asText());
        assertEquals(60_000_000L, history.get(0).get("circulating_supply").asLong());
        assertEquals(1700, history.get(0).get("total_nodes").asLong());
        assertEquals("0.0506", history.get(6).get("current_value").asText());
        assertEquals(List.of("current_value", "circulating_supply", "total_nodes", "updated"),
                List.copyOf(iterable(history.get(0))));
    }

    @Test
    void answersInBtWhenAskedInBt() throws Exception {
        load(Documents.daily(240_000_000L, 3));

        Bt.Dict reply = Bt.decodeDict(org.quicfiles.testkit.RequestCalls.answer(endpoint, Bt.Dict.builder().put("days", 2).build().encode()));

        assertEquals(240_000_000L, reply.integer("maximum_supply").orElseThrow());
        List<Bt> history = ((Bt.Lst) reply.get("history").orElseThrow()).items();
        assertEquals(2, history.size());
        Bt.Dict newest = (Bt.Dict) history.getFirst();
        assertEquals("0.0500", newest.string("current_value").orElseThrow());
        assertEquals(Documents.NOW - 3600, newest.integer("updated").orElseThrow());
        assertEquals(1700, newest.integer("total_nodes").orElseThrow());
    }

    @Test
    void daysFromOneToThirty() throws Exception {
        load(Documents.daily(1, 40));
        assertEquals(1, askJson("{\"days\":1}").get("history").size());
        assertEquals(30, askJson("{\"days\":30}").get("history").size());
        assertEquals(7, askJson("{\"days\":null}").get("history").size());
        assertEquals(7, askJson("").get("history").size());
        for (String body : List.of("{\"days\":0}", "{\"days\":31}", "{\"days\":-1}", "{\"days\":\"7\"}",
                "{\"days\":7.5}", "{\"days\":99999999999999999999}", "[7]", "days=7",
                "{\"days\":7}x", "{\"days\":7,\"days\":8}")) {
            assertCode(ErrorCode.BAD_REQUEST, body.getBytes(StandardCharsets.UTF_8));
        }
        assertCode(ErrorCode.BAD_REQUEST, Bt.Dict.builder().put("days", 0).build().encode());
        assertCode(ErrorCode.BAD_REQUEST, Bt.Dict.builder().put("days", "7").build().encode());
        assertCode(ErrorCode.BAD_REQUEST, "d4:daysi7e".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void keepsTheNewestSampleOfEachDay() throws Exception {
        long today = Documents.NOW - 7200;
        load(Documents.document(1, Documents.sample(today, "0.01", 1, 1)));
        load(Documents.document(1, Documents.sample(today + 3600, "0.02", 2, 2)));
        load(Documents.document(1, Documents.sample(today - 60, "0.03", 3, 3)));

        JsonNode history = askJson("{\"days\":3}").get("history");

        assertEquals(1, history.size());
        assertEquals("0.02", history.get(0).get("current_value").asText());
    }

    @Test
    void historyFollowsTheClock() throws Exception {
        load(Documents.daily(1, 3));
        context.clock().advance(Duration.ofDays(1));

        assertEquals(1, askJson("{\"days\":2}").get("history").size());
        assertEquals(3, askJson("{\"days\":4}").get("history").size());
    }

    @Test
    void nothingLoadedYetIsUnavailableInBothForms() {
        assertCode(ErrorCode.UNAVAILABLE, "{}".getBytes(StandardCharsets.UTF_8));
        assertCode(ErrorCode.UNAVAILABLE, Bt.Dict.builder().build().encode());
    }

    private void assertCode(ErrorCode code, byte[] body) {
        QuicFilesException e = assertThrows(QuicFilesException.class, () -> org.quicfiles.testkit.RequestCalls.answer(endpoint, body),
                new String(body, StandardCharsets.UTF_8));
        assertEquals(code, e.code(), new String(body, StandardCharsets.UTF_8));
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}

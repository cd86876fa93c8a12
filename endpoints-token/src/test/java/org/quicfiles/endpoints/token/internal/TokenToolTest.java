package org.quicfiles.endpoints.token.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.spi.ToolProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.testkit.TestDatabases;
import org.quicfiles.testkit.TestServerContext;

/** The operator's import, run the way the app would: a ToolProvider found in the plugin's layer. */
class TokenToolTest {
    @TempDir
    Path directory;

    private TestServerContext context;
    private RequestEndpoint endpoint;
    private ToolProvider tool;
    private String database;
    private long now;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeEach
    void open() throws Exception {
        context = TestServerContext.builder(directory).build();
        // The tool runs outside the server, on the system clock; the endpoint must agree with it.
        context.clock().advance(Duration.between(context.clock().instant(), Instant.now()));
        now = context.clock().instant().getEpochSecond();
        endpoint = new TokenProvider().create(context).requestEndpoints().get("token_info");
        database = TestDatabases.jdbcUrl(directory);
        getClass().getModule().addUses(ToolProvider.class);
        tool = ServiceLoader.load(getClass().getModule().getLayer(), ToolProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(t -> t.name().equals("token")).findFirst().orElseThrow();
    }

    @AfterEach
    void close() {
        context.close();
    }

    private int run(String... args) {
        return tool.run(new PrintWriter(out), new PrintWriter(err), args);
    }

    private Path file(String name, String content) throws Exception {
        return Files.writeString(directory.resolve(name), content, StandardCharsets.UTF_8);
    }

    private JsonNode tokenInfo() throws Exception {
        return new ObjectMapper().readTree(org.quicfiles.testkit.RequestCalls.answer(endpoint, "{\"days\":30}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void importRoundTripsThroughTokenInfo() throws Exception {
        Path file = file("stats.json", Documents.daily(240_000_000L, 5, now));

        assertEquals(0, run("import", "--database", database, file.toString()), err.toString());

        JsonNode reply = tokenInfo();
        assertEquals(240_000_000L, reply.get("maximum_supply").asLong());
        assertEquals(5, reply.get("history").size());
        assertTrue(out.toString().contains("5 history samples"), out.toString());
    }

    @Test
    void aMalformedImportFailsInOneLineAndKeepsThePreviousStatistics() throws Exception {
        assertEquals(0, run("import", "--database=" + database, file("good.json", Documents.daily(1000, 3, now)).toString()));
        JsonNode before = tokenInfo();
        // valid samples first, a bad one last: nothing of it may be stored
        Path bad = file("bad.json", Documents.document(2000,
                Documents.sample(now - 10, "0.9", 9, 9),
                Documents.sample(now - 20, "zero point one", 9, 9)));

        assertEquals(1, run("import", "--database", database, bad.toString()));

        String message = err.toString();
        assertEquals(1, message.lines().count(), message);
        assertTrue(message.contains("history[1].current_value"), message);
        assertTrue(message.contains("previous statistics kept"), message);
        assertEquals(before, tokenInfo());
    }

    @Test
    void aMissingFileFailsInOneLine() {
        assertEquals(1, run("import", "--database", database, directory.resolve("nope.json").toString()));
        assertEquals(1, err.toString().lines().count(), err.toString());
    }

    @Test
    void badUsagePrintsTheUsage() {
        assertEquals(2, run());
        assertEquals(2, run("export", "x.json"));
        assertEquals(2, run("import", "x.json"));
        assertEquals(2, run("import", "--database", database));
        assertEquals(2, run("import", "--database", database, "a.json", "b.json"));
        assertTrue(err.toString().contains("usage: token import --database JDBC-URL FILE.json"));
    }
}

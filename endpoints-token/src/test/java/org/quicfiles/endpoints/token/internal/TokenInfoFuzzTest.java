package org.quicfiles.endpoints.token.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.statistics.Statistics;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.protocol.RequestBody;
import org.quicfiles.testkit.BodyMutations;
import org.quicfiles.testkit.EndpointFuzz;
import org.quicfiles.testkit.TableSnapshot;
import org.quicfiles.testkit.TestServerContext;

/**
 * Fuzzes the {@code token_info} body against the endpoint over a real SQLite file, once with ten
 * days of statistics loaded and once with none: random bytes, mutated valid bt and JSON bodies,
 * and valid bodies whose {@code days} is absent, in range, out of range or of the wrong type.
 *
 * <p>Property: every input gets a reply in the request's form or a {@link QuicFilesException} with
 * {@link ErrorCode#BAD_REQUEST} or {@link ErrorCode#UNAVAILABLE} (nothing loaded yet), never
 * another exception; no input changes a row (the endpoint only reads).
 *
 * <p>10,000 cases with the fixed seed {@value FuzzTries#SEED}. Long mode:
 * {@code mvn -B -o -pl endpoints-token test -Dtest=TokenInfoFuzzTest -Dfuzz.tries=1000000}.
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class TokenInfoFuzzTest {
    private static final Set<ErrorCode> DOCUMENTED = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.UNAVAILABLE);
    private static final String[] TABLES = {"token_supply", "token_history", "schema_version"};

    private Path directory;
    private TestServerContext context;
    private TokenInfoEndpoint loaded;
    private TokenInfoEndpoint empty;
    private Connection snapshots;

    @BeforeProperty
    void start() throws Exception {
        directory = Files.createTempDirectory("token-fuzz");
        context = TestServerContext.builder(directory).build();
        TokenStore.migrate(context.dataSource());
        TokenStore store = new TokenStore(context.dataSource());
        new TokenImporter(store, context.clock())
                .load(Documents.daily(240_000_000L, 10).getBytes(StandardCharsets.UTF_8));
        loaded = new TokenInfoEndpoint(store, context.clock());
        TestServerContext other = TestServerContext.builder(Files.createDirectory(directory.resolve("empty"))).build();
        TokenStore.migrate(other.dataSource());
        empty = new TokenInfoEndpoint(new TokenStore(other.dataSource()), other.clock());
        other.close();
        snapshots = context.dataSource().getConnection();
    }

    @AfterProperty
    void stop() throws Exception {
        snapshots.close();
        context.close();
        EndpointFuzz.deleteTree(directory);
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void tokenInfoAnswersOrFailsAsDocumented(@ForAll("bodies") byte[] body, @ForAll boolean statisticsLoaded)
            throws Exception {
        TableSnapshot before = TableSnapshot.of(snapshots, TABLES);
        EndpointFuzz.Outcome outcome = EndpointFuzz.answerOrDocumentedError(statisticsLoaded ? loaded : empty, body,
                DOCUMENTED);
        Statistics.collect(outcome.label());
        if (outcome instanceof EndpointFuzz.Answered answered) {
            assertTrue(answered.reply().integer("maximum_supply").isPresent());
        }
        assertEquals(before, TableSnapshot.of(snapshots, TABLES), "token_info changed a row");
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> valid = Arbitraries.oneOf(fields().map(fields -> RequestBody.encode(Request.Form.BT, fields)),
                fields().map(fields -> RequestBody.encode(Request.Form.JSON, fields)));
        return Combinators.combine(valid, Arbitraries.longs())
                .as((body, seed) -> BodyMutations.fuzzInput(body, new Random(seed)));
    }

    /** {@code days} absent, in range, just outside it, any long, or of the wrong type; sometimes an extra field. */
    private Arbitrary<Map<String, Object>> fields() {
        Arbitrary<Object> days = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(1, TokenInfoEndpoint.MAX_DAYS).map(Object.class::cast)),
                Tuple.of(2, Arbitraries.of(0L, -1L, 31L, Long.MIN_VALUE, Long.MAX_VALUE, 1L << 32).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.longs().map(Object.class::cast)),
                Tuple.of(1, Arbitraries.of("7", "", "days").map(Object.class::cast)),
                Tuple.of(1, Arbitraries.just(List.of(7L)).map(Object.class::cast)));
        return Combinators.combine(days, Arbitraries.integers().between(0, 3)).as((value, shape) -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            if ((shape & 1) == 0) {
                fields.put("days", value);
            }
            if ((shape & 2) != 0) {
                fields.put("platform", "desktop");
            }
            return fields;
        });
    }
}

package org.quicfiles.endpoints.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicfiles.endpoints.session.internal.FakeGitHub.Answer.ok;
import static org.quicfiles.endpoints.session.internal.Fixtures.list;
import static org.quicfiles.endpoints.session.internal.Fixtures.release;

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

/**
 * Fuzzes the {@code session_version} body against the endpoint over a real SQLite file holding one
 * polled platform ({@code desktop}) and one configured but never polled ({@code android}): random
 * bytes, mutated valid bt and JSON bodies, and valid bodies of {@code platform} and
 * {@code release_channel} with known, unknown and wrongly typed values.
 *
 * <p>Property: every input gets a reply in the request's form or a {@link QuicFilesException} with
 * {@link ErrorCode#BAD_REQUEST}, {@link ErrorCode#NOT_FOUND} (unknown platform) or
 * {@link ErrorCode#UNAVAILABLE} (no release known yet), never another exception; no input changes a
 * row (the endpoint only reads).
 *
 * <p>10,000 cases with the fixed seed {@value FuzzTries#SEED}. Long mode:
 * {@code mvn -B -o -pl endpoints-session test -Dtest=SessionVersionFuzzTest -Dfuzz.tries=1000000}.
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class SessionVersionFuzzTest {
    private static final Set<ErrorCode> DOCUMENTED = Set.of(ErrorCode.BAD_REQUEST, ErrorCode.NOT_FOUND,
            ErrorCode.UNAVAILABLE);
    private static final String[] TABLES = {"session_poll", "session_release", "session_asset", "schema_version"};

    private Path directory;
    private Harness harness;
    private Connection snapshots;

    @BeforeProperty
    void start() throws Exception {
        directory = Files.createTempDirectory("session-fuzz");
        harness = new Harness(directory, Map.of("projects", "desktop=session-desktop,android=session-android"));
        harness.github.releases("session-desktop",
                ok(release("v1.14.2", false, "session-1.14.2.dmg", "session-1.14.2.exe")),
                ok(list(release("v1.16.0-alpha.2", true), release("v1.15.0-beta.1", true, "session-1.15.0-beta.1.dmg"))));
        assertEquals("desktop", harness.poller.tick().orElseThrow());
        snapshots = harness.context.dataSource().getConnection();
    }

    @AfterProperty
    void stop() throws Exception {
        snapshots.close();
        harness.close();
        EndpointFuzz.deleteTree(directory);
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void sessionVersionAnswersOrFailsAsDocumented(@ForAll("bodies") byte[] body) throws Exception {
        TableSnapshot before = TableSnapshot.of(snapshots, TABLES);
        EndpointFuzz.Outcome outcome = EndpointFuzz.answerOrDocumentedError(harness.endpoint, body, DOCUMENTED);
        Statistics.collect(outcome.label());
        if (outcome instanceof EndpointFuzz.Answered answered) {
            assertTrue(answered.reply().string("result").isPresent());
        }
        assertEquals(before, TableSnapshot.of(snapshots, TABLES), "session_version changed a row");
    }

    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> valid = Arbitraries.oneOf(fields().map(fields -> RequestBody.encode(Request.Form.BT, fields)),
                fields().map(fields -> RequestBody.encode(Request.Form.JSON, fields)));
        return Combinators.combine(valid, Arbitraries.longs())
                .as((body, seed) -> BodyMutations.fuzzInput(body, new Random(seed)));
    }

    /** {@code platform} and {@code release_channel}, each absent, known, unknown or of the wrong type. */
    private Arbitrary<Map<String, Object>> fields() {
        Arbitrary<Object> platforms = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("desktop", "android").map(Object.class::cast)),
                Tuple.of(1, Arbitraries.of("ios", "", "DESKTOP", "desktop ").map(Object.class::cast)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.longs().map(Object.class::cast)),
                Tuple.of(1, Arbitraries.just(List.of("desktop")).map(Object.class::cast)));
        Arbitrary<Object> channels = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("stable", "prerelease").map(Object.class::cast)),
                Tuple.of(1, Arbitraries.of("beta", "Stable", "").map(Object.class::cast)),
                Tuple.of(1, Arbitraries.strings().ofMaxLength(12).map(Object.class::cast)),
                Tuple.of(1, Arbitraries.longs().map(Object.class::cast)));
        return Combinators.combine(platforms, channels, Arbitraries.integers().between(0, 7))
                .as((platform, channel, shape) -> {
                    Map<String, Object> fields = new LinkedHashMap<>();
                    if ((shape & 1) == 0) {
                        fields.put("platform", platform);
                    }
                    if ((shape & 2) == 0) {
                        fields.put("release_channel", channel);
                    }
                    if (shape == 7) {
                        fields.put("extra", 1L);
                    }
                    return fields;
                });
    }
}

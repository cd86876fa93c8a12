package org.quicfiles.api.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.RequestBody;

/**
 * Fuzzes the stream-0 body parser ({@link RequestBody#parse(byte[])}, bt or JSON) with random bytes,
 * mutations of valid bt and JSON bodies, and valid bodies built from plain values.
 *
 * <p>Properties: every input parses or fails with {@link QuicFilesException}
 * {@link ErrorCode#BAD_REQUEST}; reading any field of a parsed body with {@code string} or
 * {@code integer} answers or fails with BAD_REQUEST; valid bodies of either form round-trip through
 * {@link RequestBody.Form#encode(Map)} and {@code parse} to the same fields.
 *
 * <p>10,000 cases per property with the fixed seed {@value FuzzTries#SEED}; a long run:
 * {@code mvn -B -o -pl api test -Dtest='*FuzzTest' -Dfuzz.tries=1000000}.
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class RequestBodyFuzzTest {

    @Provide
    Arbitrary<Map<String, Object>> jsonObjects() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(ApiFuzz.text().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast), Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast), Arbitraries.just(null));
        return objects(Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(leaves,
                inner.list().ofMaxSize(3).map(Object.class::cast), objects(inner).map(Object.class::cast)), 0, 3));
    }

    @Provide
    Arbitrary<Map<String, Object>> btObjects() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(ApiFuzz.text().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast));
        return objects(Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(leaves,
                inner.list().ofMaxSize(3).map(Object.class::cast), objects(inner).map(Object.class::cast)), 0, 3));
    }

    private static Arbitrary<Map<String, Object>> objects(Arbitrary<Object> values) {
        return Arbitraries.maps(ApiFuzz.text(), values).ofMaxSize(4).map(map -> new LinkedHashMap<>(map));
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> json = jsonObjects().map(RequestBody.Form.JSON::encode);
        Arbitrary<byte[]> bt = btObjects().map(RequestBody.Form.BT::encode);
        Arbitrary<byte[]> known = Arbitraries.of("{\"id\":\"abc\",\"ttl\":86400}", "d1:#3:abc1:ti86400ee",
                "{\"platform\":\"desktop\",\"release_channel\":\"stable\"}", "{\"days\":7}", "  { } ", "[1,2]",
                "{\"a\":\"\\u00e9\\n\"}", "{\"n\":-0.5e+3}").map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(Tuple.of(3, ApiFuzz.randomBytes()),
                Tuple.of(6, ApiFuzz.mutated(Arbitraries.oneOf(json, bt, known))),
                Tuple.of(1, Arbitraries.oneOf(json, bt, known)));
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void anyBodyParsesOrIsABadRequest(@ForAll("inputs") byte[] input) {
        RequestBody body;
        try {
            body = RequestBody.parse(input);
        } catch (QuicFilesException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
            return;
        }
        assertEquals(RequestBody.Form.of(input), body.form());
        for (String key : body.fields().keySet()) {
            badRequestOr(() -> body.string(key));
            badRequestOr(() -> body.integer(key));
        }
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void jsonBodiesRoundTrip(@ForAll("jsonObjects") Map<String, Object> fields) {
        assertEquals(fields, RequestBody.parse(RequestBody.Form.JSON.encode(fields)).fields());
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void btBodiesRoundTrip(@ForAll("btObjects") Map<String, Object> fields) {
        RequestBody body = RequestBody.parse(RequestBody.Form.BT.encode(fields));
        assertEquals(RequestBody.Form.BT, body.form());
        assertEquals(fields, body.fields());
    }

    private static void badRequestOr(Runnable read) {
        try {
            read.run();
        } catch (QuicFilesException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
        }
    }
}

package org.quicfiles.protocol.fuzz;

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
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.protocol.RequestBody;

/**
 * Fuzzes the stream-0 body parser ({@link RequestBody#parse(byte[])}, bt or JSON) with random bytes,
 * mutations of valid bt and JSON bodies, and valid bodies built from plain values.
 *
 * <p>Properties: every input parses or fails with {@link QuicFilesException}
 * {@link ErrorCode#BAD_REQUEST}; reading any field of a parsed body with {@code string} or
 * {@code integer} answers or fails with BAD_REQUEST; valid bodies of either form round-trip through
 * {@link RequestBody#encode} and {@code parse} to the same fields.
 *
 * <p>10,000 cases per property with the fixed seed {@value FuzzTries#SEED}; a long run:
 * {@code mvn -B -o -pl protocol -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='*FuzzTest' -Dfuzz.tries=1000000}.
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class RequestBodyFuzzTest {

    @Provide
    Arbitrary<Map<String, Object>> jsonObjects() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(CodecFuzz.text().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast), Arbitraries.of(true, false).map(Object.class::cast),
                Arbitraries.doubles().map(Object.class::cast), Arbitraries.just(null));
        return objects(Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(leaves,
                inner.list().ofMaxSize(3).map(Object.class::cast), objects(inner).map(Object.class::cast)), 0, 3));
    }

    @Provide
    Arbitrary<Map<String, Object>> btObjects() {
        Arbitrary<Object> leaves = Arbitraries.oneOf(CodecFuzz.text().map(Object.class::cast),
                Arbitraries.longs().map(Object.class::cast));
        return objects(Arbitraries.recursive(() -> leaves, inner -> Arbitraries.oneOf(leaves,
                inner.list().ofMaxSize(3).map(Object.class::cast), objects(inner).map(Object.class::cast)), 0, 3));
    }

    private static Arbitrary<Map<String, Object>> objects(Arbitrary<Object> values) {
        return Arbitraries.maps(CodecFuzz.text(), values).ofMaxSize(4).map(map -> new LinkedHashMap<>(map));
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> json = jsonObjects().map(fields -> RequestBody.encode(Request.Form.JSON, fields));
        Arbitrary<byte[]> bt = btObjects().map(fields -> RequestBody.encode(Request.Form.BT, fields));
        Arbitrary<byte[]> known = Arbitraries.of("{\"id\":\"abc\",\"ttl\":86400}", "d1:#3:abc1:ti86400ee",
                "{\"platform\":\"desktop\",\"release_channel\":\"stable\"}", "{\"days\":7}", "  { } ", "[1,2]",
                "{\"a\":\"\\u00e9\\n\"}", "{\"n\":-0.5e+3}").map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.frequencyOf(Tuple.of(3, CodecFuzz.randomBytes()),
                Tuple.of(6, CodecFuzz.mutated(Arbitraries.oneOf(json, bt, known))),
                Tuple.of(1, Arbitraries.oneOf(json, bt, known)));
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void anyBodyParsesOrIsABadRequest(@ForAll("inputs") byte[] input) {
        Request body;
        try {
            body = RequestBody.parse(input);
        } catch (QuicFilesException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
            return;
        }
        assertEquals(RequestBody.formOf(input), body.form());
        for (String key : body.fields().keySet()) {
            badRequestOr(() -> body.string(key));
            badRequestOr(() -> body.integer(key));
        }
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void jsonBodiesRoundTrip(@ForAll("jsonObjects") Map<String, Object> fields) {
        assertEquals(fields, RequestBody.parse(RequestBody.encode(Request.Form.JSON, fields)).fields());
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void btBodiesRoundTrip(@ForAll("btObjects") Map<String, Object> fields) {
        Request body = RequestBody.parse(RequestBody.encode(Request.Form.BT, fields));
        assertEquals(Request.Form.BT, body.form());
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

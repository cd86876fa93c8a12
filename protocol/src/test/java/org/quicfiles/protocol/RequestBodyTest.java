package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;

class RequestBodyTest {
    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void readsBtAndRepliesInBt() {
        Request body = RequestBody.parse(utf8("d1:#3:abc1:ti60ee"));
        assertEquals(Request.Form.BT, body.form());
        assertEquals("abc", body.string("#").orElseThrow());
        assertEquals(60, body.integer("t").orElseThrow());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("x", 5L);
        reply.put("#", "abc");
        assertEquals("d1:#3:abc1:xi5ee", text(RequestBody.encode(body.form(), reply)));
    }

    @Test
    void readsJsonAndRepliesInJsonKeepingFieldOrder() {
        Request body = RequestBody.parse(utf8(" {\"id\": \"a\\u00e9\\n\", \"ttl\": 30, \"f\": 1.5, \"b\": true, \"n\": null} "));
        assertEquals(Request.Form.JSON, body.form());
        assertEquals("a\u00e9\n", body.string("id").orElseThrow());
        assertEquals(30, body.integer("ttl").orElseThrow());
        assertTrue(body.string("n").isEmpty());
        Map<String, Object> reply = new LinkedHashMap<>();
        reply.put("id", "q\"\\");
        reply.put("size", 3L);
        reply.put("assets", List.of(Map.of("name", "x")));
        reply.put("ok", true);
        assertEquals("{\"id\":\"q\\\"\\\\\",\"size\":3,\"assets\":[{\"name\":\"x\"}],\"ok\":true}", text(RequestBody.encode(body.form(), reply)));
    }

    @Test
    void anEmptyBodyIsAnEmptyJsonObject() {
        Request body = RequestBody.parse(new byte[0]);
        assertEquals(Request.Form.JSON, body.form());
        assertTrue(body.fields().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"[1]", "{\"a\":1}x", "{\"a\":1,\"a\":2}", "{a:1}", "{\"a\":01}", "{\"a\":\"\\x\"}",
        "{\"a\":", "\"s\"", "{\"a\":99999999999999999999}", "nul", "d1:bi1e1:ai2ee", "de1",
        "{\"a\":\"\\u+041\"}", "{\"a\":\"\\u-041\"}", "{\"a\":\"\\u\u0663041\"}"})
    void refusesMalformedBodiesAsBadRequest(String input) {
        QuicFilesException e = assertThrows(QuicFilesException.class, () -> RequestBody.parse(utf8(input)));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @Test
    void refusesJsonThatIsNotUtf8() {
        byte[] input = {'{', '"', 'a', '"', ':', '"', (byte) 0xff, '"', '}'};
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesException.class, () -> RequestBody.parse(input)).code());
    }

    @Test
    void typedGettersRefuseTheWrongType() {
        Request body = RequestBody.parse(utf8("{\"id\": 5, \"ttl\": \"x\", \"f\": 2.5}"));
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesException.class, () -> body.string("id")).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesException.class, () -> body.integer("ttl")).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesException.class, () -> body.integer("f")).code());
    }

    @Test
    void btCannotCarryWhatOnlyJsonHas() {
        assertThrows(IllegalArgumentException.class, () -> RequestBody.encode(Request.Form.BT, Map.of("b", true)));
    }

    @Test
    void refusesHostileJsonNesting() {
        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertEquals(ErrorCode.BAD_REQUEST,
                assertThrows(QuicFilesException.class, () -> RequestBody.parse(utf8(deep))).code());
    }
}

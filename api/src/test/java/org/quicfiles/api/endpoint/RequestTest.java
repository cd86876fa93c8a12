package org.quicfiles.api.endpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

class RequestTest {
    @Test
    void widensIntegersAndReadsTypedFields() {
        Request request = Request.of(Request.Form.BT, Map.of("s", 5, "#", "abc", "l", List.of((short) 1, Map.of("k", 2))));
        assertEquals(5L, request.integer("s").orElseThrow());
        assertEquals("abc", request.string("#").orElseThrow());
        assertEquals(List.of(1L, Map.of("k", 2L)), request.get("l").orElseThrow());
        assertTrue(request.string("absent").isEmpty());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesException.class, () -> request.integer("#")).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesException.class, () -> request.string("s")).code());
    }

    @Test
    void isACopyAndUnmodifiable() {
        Map<String, Object> fields = new HashMap<>(Map.of("a", "x"));
        Request request = Request.of(Request.Form.JSON, fields);
        fields.put("b", "y");
        assertEquals(Map.of("a", "x"), request.fields());
        assertThrows(UnsupportedOperationException.class, () -> request.fields().put("c", "z"));
    }

    @Test
    void onlyJsonHoldsNullBooleansAndDoubles() {
        Map<String, Object> fields = new HashMap<>();
        fields.put("n", null);
        fields.put("b", true);
        fields.put("d", 1.5);
        Request json = Request.of(Request.Form.JSON, fields);
        assertTrue(json.string("n").isEmpty());
        assertEquals(true, json.get("b").orElseThrow());
        assertThrows(IllegalArgumentException.class, () -> Request.of(Request.Form.BT, fields));
        assertThrows(IllegalArgumentException.class, () -> Request.of(Request.Form.BT, Map.of("x", new Object())));
    }
}

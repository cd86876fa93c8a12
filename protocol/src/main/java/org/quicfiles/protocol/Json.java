package org.quicfiles.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * A small strict JSON reader and writer over plain Java values, so that {@link RequestBody} needs
 * no library. Reads: objects as {@code Map<String, Object>} (insertion order; duplicate keys
 * refused), arrays as {@code List<Object>}, integers as {@code Long}, other numbers as
 * {@code Double}, {@code Boolean}, {@code String}, and {@code null} as {@code null}. Trailing bytes
 * and nesting deeper than {@value #MAX_DEPTH} are refused.
 */
final class Json {
    static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;

    private Json(String text) {
        this.text = text;
    }

    static Object read(byte[] bytes) {
        Json json = new Json(strictUtf8(bytes));
        json.skipSpace();
        Object value = json.value(0);
        json.skipSpace();
        if (json.pos != json.text.length()) {
            throw bad("trailing bytes after JSON value");
        }
        return value;
    }

    /** JSON is UTF-8; malformed bytes are a bad request, not silently U+FFFD. */
    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw bad("JSON body is not UTF-8");
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw bad("JSON nesting too deep");
        }
        char c = peek();
        switch (c) {
            case '{':
                return object(depth);
            case '[':
                return array(depth);
            case '"':
                return string();
            case 't':
                literal("true");
                return Boolean.TRUE;
            case 'f':
                literal("false");
                return Boolean.FALSE;
            case 'n':
                literal("null");
                return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return number();
                }
                throw bad("unexpected character in JSON");
        }
    }

    private Map<String, Object> object(int depth) {
        pos++;
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        if (peek() == '}') {
            pos++;
            return map;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw bad("JSON object key is not a string");
            }
            String key = string();
            skipSpace();
            expect(':');
            skipSpace();
            if (map.containsKey(key)) {
                throw bad("duplicate JSON key '" + key + "'");
            }
            map.put(key, value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array(int depth) {
        pos++;
        List<Object> list = new ArrayList<>();
        skipSpace();
        if (peek() == ']') {
            pos++;
            return list;
        }
        while (true) {
            skipSpace();
            list.add(value(depth + 1));
            skipSpace();
            if (peek() == ',') {
                pos++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string() {
        pos++;
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = peek();
            pos++;
            if (c == '"') {
                return out.toString();
            }
            if (c < 0x20) {
                throw bad("control character in JSON string");
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char escape = peek();
            pos++;
            switch (escape) {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    if (pos + 4 > text.length()) {
                        throw bad("short \\u escape in JSON string");
                    }
                    int unit = 0;
                    for (int end = pos + 4; pos < end; pos++) {
                        char hex = text.charAt(pos);
                        int digit = hex < 128 ? Character.digit(hex, 16) : -1;
                        if (digit < 0) {
                            // Integer.parseInt would accept "+041"; JSON wants exactly four hex digits
                            throw bad("bad \\u escape in JSON string");
                        }
                        unit = unit * 16 + digit;
                    }
                    out.append((char) unit);
                }
                default -> throw bad("bad escape in JSON string");
            }
        }
    }

    private Object number() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        int intStart = pos;
        digits();
        if (pos - intStart > 1 && text.charAt(intStart) == '0') {
            throw bad("leading zero in JSON number");
        }
        boolean integral = true;
        if (pos < text.length() && text.charAt(pos) == '.') {
            integral = false;
            pos++;
            digits();
        }
        if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
            integral = false;
            pos++;
            if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
                pos++;
            }
            digits();
        }
        String number = text.substring(start, pos);
        try {
            return integral ? (Object) Long.parseLong(number) : (Object) Double.parseDouble(number);
        } catch (NumberFormatException e) {
            throw bad("JSON number out of range");
        }
    }

    private void digits() {
        int start = pos;
        while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
            pos++;
        }
        if (pos == start) {
            throw bad("digit expected in JSON number");
        }
    }

    private void literal(String word) {
        if (!text.startsWith(word, pos)) {
            throw bad("bad JSON literal");
        }
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw bad("'" + c + "' expected in JSON");
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw bad("JSON ends early");
        }
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length() && " \t\r\n".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
    }

    private static QuicFilesException bad(String message) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, message);
    }

    static byte[] write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void write(Object value, StringBuilder out) {
        switch (value) {
            case null -> out.append("null");
            case String text -> quote(text, out);
            case Boolean bool -> out.append(bool);
            case Long number -> out.append(number);
            case Integer number -> out.append(number);
            case Short number -> out.append(number);
            case Double number when Double.isFinite(number) -> out.append(number);
            case Map<?, ?> map -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    if (!first) {
                        out.append(',');
                    }
                    first = false;
                    quote(String.valueOf(entry.getKey()), out);
                    out.append(':');
                    write(entry.getValue(), out);
                }
                out.append('}');
            }
            case List<?> list -> {
                out.append('[');
                for (int i = 0; i < list.size(); i++) {
                    if (i > 0) {
                        out.append(',');
                    }
                    write(list.get(i), out);
                }
                out.append(']');
            }
            default -> throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON");
        }
    }

    private static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}

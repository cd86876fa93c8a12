package org.quicfiles.examples.hello.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * Just enough JSON for this example without a library: one object whose values are all strings.
 * A real plugin would use Jackson, which the server's boot layer shares with plugins.
 */
final class FlatJson {
    private final String text;
    private int position;

    private FlatJson(String text) {
        this.text = text;
    }

    /**
     * Parses {@code {"key": "value", ...}}.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} for anything else
     */
    static Map<String, String> parseObject(String text) {
        FlatJson parser = new FlatJson(text);
        Map<String, String> values = new LinkedHashMap<>();
        parser.expect('{');
        if (!parser.consume('}')) {
            do {
                String key = parser.string();
                parser.expect(':');
                if (values.put(key, parser.string()) != null) {
                    throw bad("duplicate key " + key);
                }
            } while (parser.consume(','));
            parser.expect('}');
        }
        parser.skipSpace();
        if (parser.position != text.length()) {
            throw bad("bytes after the object");
        }
        return values;
    }

    /** Writes a flat object of strings. */
    static String object(Map<String, String> values) {
        StringBuilder out = new StringBuilder("{");
        values.forEach((key, value) -> {
            if (out.length() > 1) {
                out.append(',');
            }
            quote(key, out);
            out.append(':');
            quote(value, out);
        });
        return out.append('}').toString();
    }

    private static void quote(String value, StringBuilder out) {
        out.append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
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

    private String string() {
        expect('"');
        StringBuilder value = new StringBuilder();
        while (position < text.length()) {
            char c = text.charAt(position++);
            if (c == '"') {
                return value.toString();
            }
            if (c < 0x20) {
                throw bad("control character in a string");
            }
            if (c != '\\') {
                value.append(c);
                continue;
            }
            if (position >= text.length()) {
                break;
            }
            char escaped = text.charAt(position++);
            switch (escaped) {
                case '"', '\\', '/' -> value.append(escaped);
                case 'n' -> value.append('\n');
                case 't' -> value.append('\t');
                case 'r' -> value.append('\r');
                case 'b' -> value.append('\b');
                case 'f' -> value.append('\f');
                case 'u' -> value.append(unicode());
                default -> throw bad("bad escape \\" + escaped);
            }
        }
        throw bad("unterminated string");
    }

    private char unicode() {
        if (position + 4 > text.length()) {
            throw bad("short \\u escape");
        }
        try {
            char c = (char) Integer.parseInt(text.substring(position, position + 4), 16);
            position += 4;
            return c;
        } catch (NumberFormatException e) {
            throw bad("bad \\u escape");
        }
    }

    private void expect(char wanted) {
        if (!consume(wanted)) {
            throw bad("expected '" + wanted + "'");
        }
    }

    private boolean consume(char wanted) {
        skipSpace();
        if (position < text.length() && text.charAt(position) == wanted) {
            position++;
            return true;
        }
        return false;
    }

    private void skipSpace() {
        while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0) {
            position++;
        }
    }

    private static QuicFilesException bad(String why) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, "hello: " + why);
    }
}

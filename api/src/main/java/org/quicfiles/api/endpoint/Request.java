package org.quicfiles.api.endpoint;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * A parsed dictionary the server hands to a plugin: the body of a stream-0 command (a bt
 * dictionary or a JSON object, see {@link #form()}) or the header block of a file stream (always
 * bt). The server has already checked it strictly; the plugin reads fields as plain Java values.
 *
 * <p>Field values are {@code String}, {@code Long}, {@code List<Object>} and
 * {@code Map<String, Object>} (nested the same way); a JSON body may also hold {@code Boolean},
 * {@code Double} and {@code null}. bt strings are read as UTF-8 text. All of it is unmodifiable.
 *
 * <pre>{@code
 * String name = request.string("name").orElse("world");
 * long days = request.integer("days").orElse(7);
 * }</pre>
 *
 * @since 0.1.0 (api version 2)
 */
public final class Request {
    /** The two forms a stream-0 body, and so its reply, may take. */
    public enum Form {
        /** A bt dictionary (a body starting with {@code d}); the reply is bt, keys in byte order. */
        BT,
        /** A JSON object (any other body, an empty one counting as {@code {}}); the reply keeps field order. */
        JSON
    }

    private final Form form;
    private final Map<String, Object> fields;

    private Request(Form form, Map<String, Object> fields) {
        this.form = form;
        this.fields = fields;
    }

    /**
     * A request of the given fields, as the server builds it after parsing (and as tests build one).
     * {@code Integer}, {@code Short} and {@code Byte} values are widened to {@code Long}; lists and
     * maps are copied.
     *
     * @param form the form the request came in
     * @param fields the fields, in the order the request had them; {@code null} values only for JSON
     * @throws IllegalArgumentException for a value outside the types listed on this class
     */
    public static Request of(Form form, Map<String, ?> fields) {
        Objects.requireNonNull(form, "form");
        return new Request(form, copyMap(fields, form));
    }

    /** The form the request came in, and the reply will take. */
    public Form form() {
        return form;
    }

    /** All fields, unmodifiable, in the request's order (bt: key byte order). */
    public Map<String, Object> fields() {
        return fields;
    }

    /** The value under {@code key}; empty when absent or JSON {@code null}. */
    public Optional<Object> get(String key) {
        return Optional.ofNullable(fields.get(Objects.requireNonNull(key, "key")));
    }

    /**
     * The text under {@code key}; empty when absent or JSON {@code null}.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} when it is not a string
     */
    public Optional<String> string(String key) {
        Object value = fields.get(Objects.requireNonNull(key, "key"));
        if (value == null) {
            return Optional.empty();
        }
        if (value instanceof String text) {
            return Optional.of(text);
        }
        throw new QuicFilesException(ErrorCode.BAD_REQUEST, "'" + key + "' is not a string");
    }

    /**
     * The integer under {@code key}; empty when absent or JSON {@code null}.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} when it is not an integer
     */
    public OptionalLong integer(String key) {
        Object value = fields.get(Objects.requireNonNull(key, "key"));
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value instanceof Long number) {
            return OptionalLong.of(number);
        }
        throw new QuicFilesException(ErrorCode.BAD_REQUEST, "'" + key + "' is not an integer");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Request request && form == request.form && fields.equals(request.fields);
    }

    @Override
    public int hashCode() {
        return form.hashCode() * 31 + fields.hashCode();
    }

    @Override
    public String toString() {
        return form + fields.toString();
    }

    private static Map<String, Object> copyMap(Map<?, ?> map, Form form) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> {
            if (!(key instanceof String text)) {
                throw new IllegalArgumentException("a field name must be a String, not " + key);
            }
            copy.put(text, copy(value, form));
        });
        return Collections.unmodifiableMap(copy);
    }

    private static Object copy(Object value, Form form) {
        return switch (value) {
            case null -> {
                if (form == Form.BT) {
                    throw new IllegalArgumentException("bt has no null");
                }
                yield null;
            }
            case String text -> text;
            case Long number -> number;
            case Integer number -> (long) number;
            case Short number -> (long) number;
            case Byte number -> (long) number;
            case Boolean bool when form == Form.JSON -> bool;
            case Double number when form == Form.JSON -> number;
            case List<?> list -> {
                List<Object> items = new ArrayList<>(list.size());
                list.forEach(item -> items.add(copy(item, form)));
                yield Collections.unmodifiableList(items);
            }
            case Map<?, ?> map -> copyMap(map, form);
            default -> throw new IllegalArgumentException(form + " request cannot hold " + value.getClass().getName());
        };
    }
}

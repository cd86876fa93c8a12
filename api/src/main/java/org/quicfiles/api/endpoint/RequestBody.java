package org.quicfiles.api.endpoint;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.quicfiles.api.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * A stream-0 command body in either of the protocol's two forms: a bt dictionary when it starts
 * with {@code d}, otherwise a JSON object (an empty body counts as {@code {}}). Both forms are read
 * strictly (bt: keys in byte order, canonical integers; JSON: no trailing bytes, no duplicate
 * keys); anything else is a {@link QuicFilesException} with {@link ErrorCode#BAD_REQUEST}.
 *
 * <p>A reply uses the request's form: build it as plain values and call {@link #reply(Map)}.
 *
 * <pre>{@code
 * RequestBody request = RequestBody.parse(body);
 * String id = request.string(request.form() == Form.BT ? "#" : "id").orElseThrow(...);
 * return request.reply(Map.of("result", "ok"));
 * }</pre>
 */
public final class RequestBody {
    /** The two forms a body, and so its reply, may take. */
    public enum Form {
        /** A bt dictionary. */
        BT,
        /** A JSON object. */
        JSON;

        /** The form of a raw body: {@link #BT} when it starts with {@code d}. */
        public static Form of(byte[] body) {
            return body.length > 0 && body[0] == 'd' ? BT : JSON;
        }

        /**
         * Encodes plain values in this form. Values may be {@code String}, {@code Long},
         * {@code Integer}, {@code List} and {@code Map<String, ?>} (in iteration order for JSON,
         * byte order for bt); JSON also takes {@code Boolean}, {@code Double} and {@code null}.
         *
         * @throws IllegalArgumentException for a value this form cannot carry
         */
        public byte[] encode(Map<String, ?> fields) {
            return this == BT ? toBt(fields).encode() : Json.write(fields);
        }
    }

    private final Form form;
    private final Map<String, Object> fields;

    private RequestBody(Form form, Map<String, Object> fields) {
        this.form = form;
        this.fields = fields;
    }

    /**
     * Parses a body.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if it is neither strict bt
     *         nor a strict JSON object
     */
    public static RequestBody parse(byte[] body) {
        Form form = Form.of(body);
        if (form == Form.BT) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) toPlain(Bt.decodeDict(body));
            return new RequestBody(form, fields);
        }
        if (body.length == 0) {
            return new RequestBody(form, Map.of());
        }
        if (Json.read(body) instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = (Map<String, Object>) map;
            return new RequestBody(form, fields);
        }
        throw new QuicFilesException(ErrorCode.BAD_REQUEST, "JSON body is not an object");
    }

    /** The form the request came in, and the reply must take. */
    public Form form() {
        return form;
    }

    /**
     * The fields as plain values: {@code String}, {@code Long}, {@code List}, {@code Map}, and for
     * JSON also {@code Boolean}, {@code Double} and {@code null}. bt strings are read as UTF-8.
     */
    public Map<String, Object> fields() {
        return java.util.Collections.unmodifiableMap(fields);
    }

    /**
     * The text under {@code key}; empty when absent or JSON {@code null}.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} when it is not a string
     */
    public Optional<String> string(String key) {
        Object value = fields.get(Objects.requireNonNull(key));
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
        Object value = fields.get(Objects.requireNonNull(key));
        if (value == null) {
            return OptionalLong.empty();
        }
        if (value instanceof Long number) {
            return OptionalLong.of(number);
        }
        throw new QuicFilesException(ErrorCode.BAD_REQUEST, "'" + key + "' is not an integer");
    }

    /** Encodes a reply in this request's form; see {@link Form#encode(Map)}. */
    public byte[] reply(Map<String, ?> fields) {
        return form.encode(fields);
    }

    private static Object toPlain(Bt value) {
        return switch (value) {
            case Bt.Int integer -> integer.value();
            case Bt.Str str -> str.text();
            case Bt.Lst list -> {
                List<Object> items = new ArrayList<>();
                list.items().forEach(item -> items.add(toPlain(item)));
                yield items;
            }
            case Bt.Dict dict -> {
                Map<String, Object> map = new LinkedHashMap<>();
                dict.entries().forEach((key, item) -> map.put(key, toPlain(item)));
                yield map;
            }
        };
    }

    private static Bt toBt(Object value) {
        return switch (value) {
            case String text -> Bt.Str.of(text);
            case Long number -> new Bt.Int(number);
            case Integer number -> new Bt.Int(number);
            case byte[] bytes -> new Bt.Str(bytes);
            case Bt bt -> bt;
            case List<?> list -> new Bt.Lst(list.stream().map(RequestBody::toBt).toList());
            case Map<?, ?> map -> {
                Bt.Dict.Builder builder = Bt.Dict.builder();
                map.forEach((key, item) -> builder.put(String.valueOf(key), toBt(item)));
                yield builder.build();
            }
            case null -> throw new IllegalArgumentException("bt cannot carry null");
            default -> throw new IllegalArgumentException("bt cannot carry " + value.getClass().getName());
        };
    }
}

package org.quicfiles.protocol;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;

/**
 * The codec of stream-0 bodies in the protocol's two forms: a bt dictionary when the body starts
 * with {@code d}, otherwise a JSON object (an empty body counts as {@code {}}). Both forms are read
 * strictly (bt: keys in byte order, canonical integers; JSON: no trailing bytes, no duplicate
 * keys); anything else is a {@link QuicFilesException} with {@link ErrorCode#BAD_REQUEST}. Server
 * (both transports, through {@link RequestAnswers}) and client use this one class; plugins see only
 * the parsed {@link Request} and return plain values that {@link #encode} writes.
 */
public final class RequestBody {
    private RequestBody() {
    }

    /** The form of a raw body: {@link Request.Form#BT} when it starts with {@code d}. */
    public static Request.Form formOf(byte[] body) {
        return body.length > 0 && body[0] == 'd' ? Request.Form.BT : Request.Form.JSON;
    }

    /**
     * Parses a body.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if it is neither strict bt
     *         nor a strict JSON object
     */
    public static Request parse(byte[] body) {
        Request.Form form = formOf(body);
        if (form == Request.Form.BT) {
            return header(Bt.decodeDict(body));
        }
        if (body.length == 0) {
            return Request.of(form, Map.of());
        }
        if (Json.read(body) instanceof Map<?, ?> map) {
            @SuppressWarnings("unchecked")
            Map<String, ?> fields = (Map<String, ?>) map;
            return Request.of(form, fields);
        }
        throw new QuicFilesException(ErrorCode.BAD_REQUEST, "JSON body is not an object");
    }

    /** A bt dictionary (a header block, or a bt body) as the plain values plugins read. */
    public static Request header(Bt.Dict dict) {
        @SuppressWarnings("unchecked")
        Map<String, ?> fields = (Map<String, ?>) toPlain(dict);
        return Request.of(Request.Form.BT, fields);
    }

    /**
     * Encodes plain values in {@code form}. Values may be {@code String}, {@code Long},
     * {@code Integer}, {@code List} and {@code Map<String, ?>} (in iteration order for JSON,
     * byte order for bt); JSON also takes {@code Boolean}, {@code Double} and {@code null}, bt
     * also {@code byte[]} and {@link Bt} values.
     *
     * @throws IllegalArgumentException for a value this form cannot carry
     */
    public static byte[] encode(Request.Form form, Map<String, ?> fields) {
        return form == Request.Form.BT ? toBt(fields).encode() : Json.write(fields);
    }

    /** The error body in a request's form: the code's name for bt, {@code {"error":"NAME"}} for JSON. */
    public static byte[] errorBody(Request.Form form, ErrorCode code) {
        String text = form == Request.Form.BT ? code.name() : "{\"error\":\"" + code.name() + "\"}";
        return text.getBytes(StandardCharsets.UTF_8);
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

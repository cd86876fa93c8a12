package org.quicfiles.endpoints.token.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.quicfiles.api.Bt;

/**
 * Encodes a reply, given as nested {@link Map}s (string keys), {@link List}s, {@link Long}s /
 * {@link Integer}s and {@link String}s, in the form of the request: a bt dictionary or a JSON object.
 */
final class ReplyBody {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReplyBody() {
    }

    /** The reply bytes. */
    static byte[] encode(RequestBody.Form form, Map<String, ?> reply) {
        return switch (form) {
            case BT -> toBt(reply).encode();
            case JSON -> {
                try {
                    yield JSON.writeValueAsBytes(reply);
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static Bt toBt(Object value) {
        return switch (value) {
            case String text -> Bt.Str.of(text);
            case Long number -> new Bt.Int(number);
            case Integer number -> new Bt.Int(number);
            case List<?> items -> new Bt.Lst(items.stream().map(ReplyBody::toBt).toList());
            case Map<?, ?> entries -> {
                Bt.Dict.Builder dict = Bt.Dict.builder();
                entries.forEach((key, item) -> dict.put((String) key, toBt(item)));
                yield dict.build();
            }
            default -> throw new IllegalArgumentException("no bt form for " + value.getClass());
        };
    }
}

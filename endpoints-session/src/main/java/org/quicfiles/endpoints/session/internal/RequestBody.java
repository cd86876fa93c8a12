package org.quicfiles.endpoints.session.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import org.quicfiles.api.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * A stream-0 command body: a bt dictionary when it starts with {@code d}, otherwise a JSON object.
 * An empty body counts as an empty JSON object. Anything else, or a field of the wrong type, is a
 * {@link QuicFilesException} with {@link ErrorCode#BAD_REQUEST}.
 */
final class RequestBody {
    /** The two forms a body (and so its reply) may take. */
    enum Form {
        /** A bt dictionary. */
        BT,
        /** A JSON object. */
        JSON
    }

    /** Strict: trailing bytes after the object and duplicate keys are bad requests, as in bt. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final Form form;
    private final Bt.Dict bt;
    private final JsonNode json;

    private RequestBody(Form form, Bt.Dict bt, JsonNode json) {
        this.form = form;
        this.bt = bt;
        this.json = json;
    }

    /** Parses a body. */
    static RequestBody parse(byte[] body) {
        if (body.length > 0 && body[0] == 'd') {
            return new RequestBody(Form.BT, Bt.decodeDict(body), null);
        }
        if (body.length == 0) {
            return new RequestBody(Form.JSON, null, JSON.createObjectNode());
        }
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw bad("body is neither bt nor JSON");
        }
        if (node == null || !node.isObject()) {
            throw bad("JSON body is not an object");
        }
        return new RequestBody(Form.JSON, null, node);
    }

    /** The form the reply must take. */
    Form form() {
        return form;
    }

    /** The text under {@code key}; empty when absent (or JSON {@code null}). */
    Optional<String> string(String key) {
        if (bt != null) {
            return bt.string(key);
        }
        JsonNode value = json.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw bad("'" + key + "' is not a string");
        }
        return Optional.of(value.asText());
    }

    /** The integer under {@code key}; empty when absent (or JSON {@code null}). */
    OptionalLong integer(String key) {
        if (bt != null) {
            return bt.integer(key);
        }
        JsonNode value = json.get(key);
        if (value == null || value.isNull()) {
            return OptionalLong.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw bad("'" + key + "' is not an integer");
        }
        return OptionalLong.of(value.asLong());
    }

    private static QuicFilesException bad(String message) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, message);
    }
}

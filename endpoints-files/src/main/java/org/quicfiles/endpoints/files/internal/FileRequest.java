package org.quicfiles.endpoints.files.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.OptionalLong;
import org.quicfiles.api.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;

/**
 * A parsed {@code file_info} or {@code file_extend} body: bt {@code {"#": id, "t": ttl}} when it
 * starts with {@code d}, JSON {@code {"id": id, "ttl": ttl}} otherwise. Replies use the same form.
 *
 * @param id the validated file id
 * @param ttlSeconds the requested time to live, if given (only {@code file_extend} reads it)
 * @param json whether the request (and so the reply) is JSON
 */
record FileRequest(String id, OptionalLong ttlSeconds, boolean json) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * Parses a request body.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if it is malformed
     */
    static FileRequest parse(byte[] body) {
        if (body.length > 0 && body[0] == 'd') {
            Bt.Dict dict = Bt.decodeDict(body);
            String id = dict.string("#").orElseThrow(() -> bad("no '#'"));
            return new FileRequest(FileIds.requireValid(id), dict.integer("t"), false);
        }
        JsonNode tree;
        try {
            tree = JSON.readTree(body);
        } catch (IOException e) {
            throw bad("malformed JSON");
        }
        if (tree == null || !tree.isObject()) {
            throw bad("JSON body is not an object");
        }
        return new FileRequest(FileIds.requireValid(jsonId(tree.get("id"))), jsonTtl(tree.get("ttl")), true);
    }

    /** The {@code file_info} reply: bt {@code {#, s, u, x}} or JSON {@code {id, size, uploaded, expires}}. */
    byte[] infoReply(FileInfo file) {
        if (json) {
            return toJson(jsonReply(file).put("size", file.size()));
        }
        return Bt.Dict.builder().put("#", file.id()).put("s", file.size())
                .put("u", file.uploaded()).put("x", file.expiry()).build().encode();
    }

    /** The {@code file_extend} reply: bt {@code {#, u, x}} or JSON {@code {id, uploaded, expires}}, x = expiry. */
    byte[] extendReply(FileInfo file) {
        if (json) {
            return toJson(jsonReply(file));
        }
        return Bt.Dict.builder().put("#", file.id())
                .put("u", file.uploaded()).put("x", file.expiry()).build().encode();
    }

    private static ObjectNode jsonReply(FileInfo file) {
        ObjectNode reply = JSON.createObjectNode();
        reply.put("id", file.id());
        reply.put("uploaded", file.uploaded());
        reply.put("expires", file.expiry());
        return reply;
    }

    private static byte[] toJson(ObjectNode reply) {
        try {
            return JSON.writeValueAsBytes(reply);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON tree", e);
        }
    }

    /** A JSON id is a string, or for compatibility ids also a non-negative integer. */
    private static String jsonId(JsonNode id) {
        if (id != null && id.isTextual()) {
            return id.textValue();
        }
        if (id != null && id.isIntegralNumber() && id.canConvertToLong() && id.longValue() >= 0) {
            return Long.toString(id.longValue());
        }
        throw bad("'id' missing or not a string");
    }

    private static OptionalLong jsonTtl(JsonNode ttl) {
        if (ttl == null || ttl.isNull()) {
            return OptionalLong.empty();
        }
        if (ttl.isIntegralNumber() && ttl.canConvertToLong()) {
            return OptionalLong.of(ttl.longValue());
        }
        throw bad("'ttl' is not an integer");
    }

    private static QuicFilesException bad(String message) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, message);
    }
}

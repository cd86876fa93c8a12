package org.quicfiles.endpoints.files.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.protocol.FileIds;

/**
 * A parsed {@code file_info} or {@code file_extend} body: bt {@code {"#": id, "t": ttl}} when it
 * starts with {@code d}, JSON {@code {"id": id, "ttl": ttl}} otherwise. Replies use the same form.
 * Parsing itself (strictness of both forms) is the server's; this record only knows the files
 * plugin's field names.
 *
 * @param id the validated file id
 * @param ttlSeconds the requested time to live, if given (only {@code file_extend} reads it)
 * @param body the parsed request, whose form the reply takes
 */
record FileRequest(String id, OptionalLong ttlSeconds, Request body) {
    /**
     * Reads the files plugin's fields of a parsed request.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if they are missing or malformed
     */
    static FileRequest parse(Request body) {
        if (body.form() == Request.Form.BT) {
            String id = body.string("#").orElseThrow(() -> bad("no '#'"));
            return new FileRequest(FileIds.requireValid(id), body.integer("t"), body);
        }
        return new FileRequest(FileIds.requireValid(jsonId(body.fields().get("id"))), jsonTtl(body), body);
    }

    /** The {@code file_info} reply: bt {@code {#, s, u, x}} or JSON {@code {id, size, uploaded, expires}}. */
    Map<String, Object> infoReply(FileInfo file) {
        Map<String, Object> reply = new LinkedHashMap<>();
        if (body.form() == Request.Form.JSON) {
            reply.put("id", file.id());
            reply.put("uploaded", file.uploaded());
            reply.put("expires", file.expiry());
            reply.put("size", file.size());
        } else {
            reply.put("#", file.id());
            reply.put("s", file.size());
            reply.put("u", file.uploaded());
            reply.put("x", file.expiry());
        }
        return reply;
    }

    /** The {@code file_extend} reply: bt {@code {#, u, x}} or JSON {@code {id, uploaded, expires}}, x = expiry. */
    Map<String, Object> extendReply(FileInfo file) {
        Map<String, Object> reply = new LinkedHashMap<>();
        boolean json = body.form() == Request.Form.JSON;
        reply.put(json ? "id" : "#", file.id());
        reply.put(json ? "uploaded" : "u", file.uploaded());
        reply.put(json ? "expires" : "x", file.expiry());
        return reply;
    }

    /** A JSON id is a string, or for compatibility ids also a non-negative integer. */
    private static String jsonId(Object id) {
        if (id instanceof String text) {
            return text;
        }
        if (id instanceof Long number && number >= 0) {
            return Long.toString(number);
        }
        throw bad("'id' missing or not a string");
    }

    private static OptionalLong jsonTtl(Request body) {
        try {
            return body.integer("ttl");
        } catch (QuicFilesException e) {
            throw bad("'ttl' is not an integer");
        }
    }

    private static QuicFilesException bad(String message) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, message);
    }
}

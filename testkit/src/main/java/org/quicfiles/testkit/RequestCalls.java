package org.quicfiles.testkit;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.protocol.RequestBody;

/**
 * Calls a {@link RequestEndpoint} the way the server does, bytes in and bytes out, without a
 * network: the body is parsed by the server's own codec (bt when it starts with {@code d}, JSON
 * otherwise), {@code answerAtOnce} is asked first and {@code handle} when it leaves the command,
 * and the returned fields are encoded in the request's form.
 *
 * <pre>{@code
 * byte[] reply = RequestCalls.answer(endpoint, "{\"name\":\"Alice\"}".getBytes(UTF_8));
 * }</pre>
 *
 * @since 0.1.0 (api version 2)
 */
public final class RequestCalls {
    private RequestCalls() {
    }

    /**
     * The reply body the peer would receive.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} for a body that does not parse
     *         (the endpoint is not called), or what the endpoint threw
     * @throws IllegalArgumentException if the endpoint returned a value the request's form cannot carry
     */
    public static byte[] answer(RequestEndpoint endpoint, byte[] body) throws Exception {
        Request request = RequestBody.parse(body);
        Optional<Map<String, ?>> atOnce = Objects.requireNonNull(endpoint.answerAtOnce(request),
                "the endpoint returned null");
        Map<String, ?> reply = atOnce.isPresent() ? atOnce.get()
                : Objects.requireNonNull(endpoint.handle(request), "the endpoint returned null");
        return RequestBody.encode(request.form(), reply);
    }

    /**
     * The reply body the endpoint gives from {@link RequestEndpoint#answerAtOnce} alone (what the
     * server sends from its event loop), or empty when it leaves the command to {@code handle}.
     *
     * @throws QuicFilesException as {@link #answer}
     */
    public static Optional<byte[]> answerAtOnce(RequestEndpoint endpoint, byte[] body) throws Exception {
        Request request = RequestBody.parse(body);
        return Objects.requireNonNull(endpoint.answerAtOnce(request), "the endpoint returned null")
                .map(reply -> RequestBody.encode(request.form(), reply));
    }

    /** Parses a body as the server would (for building requests in tests). */
    public static Request parse(byte[] body) {
        return RequestBody.parse(body);
    }

    /** Encodes fields in {@code form} as the server would (for building bodies in tests). */
    public static byte[] encode(Request.Form form, Map<String, ?> fields) {
        return RequestBody.encode(form, fields);
    }
}

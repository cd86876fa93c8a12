package org.quicfiles.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.spi.Router;

/**
 * How a server answers one stream-0 command, whatever its transport: the body parsed by
 * {@link RequestBody}, the endpoint's fields encoded in the request's form, an error reply in that
 * form for a {@link QuicFilesException} (a body that does not parse is {@code BAD_REQUEST} without
 * calling the endpoint), {@code INTERNAL_ERROR} (logged once) for anything else, and
 * {@code Invalid endpoint '<name>'} for a name nobody serves.
 */
public final class RequestAnswers {
    private RequestAnswers() {
    }

    /** Runs the endpoint for {@code command} (blocking) and returns the frame to send back. */
    public static Frame answer(Router router, Frame.Command command, System.Logger logger) {
        return answer(router, command, logger, request -> Optional.of(Objects.requireNonNull(
                request.endpoint().handle(request.body()), "the endpoint returned null"))).orElseThrow();
    }

    /**
     * The frame to send back when it needs no blocking work, else empty (then {@link #answer} runs
     * on a thread that may block): a name nobody serves, a body that does not parse, and whatever the
     * endpoint's {@link RequestEndpoint#answerAtOnce} answers. For the transport's event loop.
     */
    public static Optional<Frame> answerAtOnce(Router router, Frame.Command command, System.Logger logger) {
        return answer(router, command, logger, request -> request.endpoint().answerAtOnce(request.body()));
    }

    /** An endpoint and the parsed body it is asked about. */
    private record Call(RequestEndpoint endpoint, Request body) {
    }

    /** One way of asking an endpoint: its fields, or empty when this way does not answer. */
    private interface Ask {
        Optional<? extends Map<String, ?>> fields(Call call) throws Exception;
    }

    private static Optional<Frame> answer(Router router, Frame.Command command, System.Logger logger, Ask ask) {
        Optional<RequestEndpoint> endpoint = router.requestEndpoint(command.endpoint());
        if (endpoint.isEmpty()) {
            return Optional.of(new Frame.ErrorReply(command.requestId(),
                    ("Invalid endpoint '" + command.endpoint() + "'").getBytes(StandardCharsets.UTF_8)));
        }
        byte[] body = command.body();
        Request.Form form = RequestBody.formOf(body);
        try {
            Optional<? extends Map<String, ?>> reply = ask.fields(new Call(endpoint.get(), RequestBody.parse(body)));
            Objects.requireNonNull(reply, "the endpoint returned null"); // an Optional never holds null
            return reply.map(fields -> new Frame.Reply(command.requestId(), RequestBody.encode(form, fields)));
        } catch (QuicFilesException e) {
            return Optional.of(new Frame.ErrorReply(command.requestId(), RequestBody.errorBody(form, e.code())));
        } catch (Exception | LinkageError | AssertionError e) {
            logger.log(System.Logger.Level.WARNING, "request endpoint '" + command.endpoint() + "' failed", e);
            return Optional.of(new Frame.ErrorReply(command.requestId(),
                    RequestBody.errorBody(form, ErrorCode.INTERNAL_ERROR)));
        }
    }

    /** The error body in the form of {@code requestBody}; see {@link RequestBody#errorBody}. */
    public static byte[] errorBody(byte[] requestBody, ErrorCode code) {
        return RequestBody.errorBody(RequestBody.formOf(requestBody), code);
    }
}

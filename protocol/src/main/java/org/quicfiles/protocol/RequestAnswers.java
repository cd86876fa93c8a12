package org.quicfiles.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Map;
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
        Optional<RequestEndpoint> endpoint = router.requestEndpoint(command.endpoint());
        if (endpoint.isEmpty()) {
            return new Frame.ErrorReply(command.requestId(),
                    ("Invalid endpoint '" + command.endpoint() + "'").getBytes(StandardCharsets.UTF_8));
        }
        byte[] body = command.body();
        Request.Form form = RequestBody.formOf(body);
        try {
            Request request = RequestBody.parse(body);
            Map<String, ?> reply = endpoint.get().handle(request);
            if (reply == null) {
                throw new NullPointerException("the endpoint returned null");
            }
            return new Frame.Reply(command.requestId(), RequestBody.encode(form, reply));
        } catch (QuicFilesException e) {
            return new Frame.ErrorReply(command.requestId(), RequestBody.errorBody(form, e.code()));
        } catch (Exception | LinkageError | AssertionError e) {
            logger.log(System.Logger.Level.WARNING, "request endpoint '" + command.endpoint() + "' failed", e);
            return new Frame.ErrorReply(command.requestId(), RequestBody.errorBody(form, ErrorCode.INTERNAL_ERROR));
        }
    }

    /** The error body in the form of {@code requestBody}; see {@link RequestBody#errorBody}. */
    public static byte[] errorBody(byte[] requestBody, ErrorCode code) {
        return RequestBody.errorBody(RequestBody.formOf(requestBody), code);
    }
}

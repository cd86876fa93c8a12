package org.quicfiles.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.spi.Router;

/**
 * How a server answers one stream-0 command, whatever its transport: the endpoint's reply, an
 * error reply in the request's form for a {@link QuicFilesException}, {@code INTERNAL_ERROR} (logged
 * once) for anything else, and {@code Invalid endpoint '<name>'} for a name nobody serves.
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
        try {
            return new Frame.Reply(command.requestId(), endpoint.get().handle(body));
        } catch (QuicFilesException e) {
            return new Frame.ErrorReply(command.requestId(), errorBody(body, e.code()));
        } catch (Exception | LinkageError | AssertionError e) {
            logger.log(System.Logger.Level.WARNING, "request endpoint '" + command.endpoint() + "' failed", e);
            return new Frame.ErrorReply(command.requestId(), errorBody(body, ErrorCode.INTERNAL_ERROR));
        }
    }

    /** The error body in the request's form: the code's name for bt, {@code {"error":"NAME"}} for JSON. */
    public static byte[] errorBody(byte[] requestBody, ErrorCode code) {
        String text = requestBody.length > 0 && requestBody[0] == 'd' ? code.name() : "{\"error\":\"" + code.name() + "\"}";
        return text.getBytes(StandardCharsets.UTF_8);
    }
}

package org.quicfiles.api.endpoint;

import java.util.Map;
import java.util.Optional;

/**
 * Serves one named command of the request stream (stream 0), such as {@code file_info}.
 *
 * <p>{@link #handle} is called on a virtual thread for each command; several calls may run at once
 * (an endpoint that can answer some commands from memory also implements {@link #answerAtOnce}).
 * The server parses the body first (a body that starts with {@code d} is a bt dictionary, any
 * other body is JSON; a body that is neither is answered {@code BAD_REQUEST} without calling the
 * endpoint) and encodes the returned fields in the request's own {@link Request.Form form}. To answer with an error reply,
 * throw a {@link org.quicfiles.api.QuicFilesException}: the server sends the code's name as the error
 * body ({@code NOT_FOUND}) for a bt request and {@code {"error":"NOT_FOUND"}} for a JSON request.
 * Any other exception becomes an {@code INTERNAL_ERROR} error reply and is logged once.
 *
 * <pre>{@code
 * RequestEndpoint hello = request -> Map.of("greeting", "Hello, " + request.string("name").orElse("world"));
 * }</pre>
 *
 * @since 0.1.0 (api version 1); api version 2 passes a parsed {@link Request} and takes plain values back
 */
@FunctionalInterface
public interface RequestEndpoint {
    /**
     * Answers one command.
     *
     * @param request the parsed body (an empty body is a JSON request without fields)
     * @return the reply's fields, as the plain values {@link Request} lists ({@code Integer} is
     *         accepted too; {@code Boolean}, {@code Double} and {@code null} only for a JSON request;
     *         a bt reply may also carry {@code byte[]}); a bt reply is written in key byte order, a
     *         JSON reply in the map's iteration order
     * @throws Exception any failure; see the type's Javadoc for how it reaches the peer
     */
    Map<String, ?> handle(Request request) throws Exception;

    /**
     * Answers from memory, if the endpoint can, before {@link #handle} is considered: the server
     * calls this on the transport's event loop, so an answer here saves the hand-off to a virtual
     * thread and back (decision note 0193). It must not block, wait for a lock another thread may
     * hold for long, or do I/O; it returns empty whenever the answer needs any of them, and then
     * {@code handle} runs as usual. Exceptions reach the peer as they do from {@code handle}.
     *
     * @param request the parsed body, as {@code handle} would get it
     * @return the reply's fields (as {@code handle} returns them), or empty to have {@code handle} answer
     * @throws Exception any failure; see the type's Javadoc for how it reaches the peer
     * @since 0.1.0 (api version 2: a default method that never answers, so endpoints built before it keep working)
     */
    default Optional<Map<String, ?>> answerAtOnce(Request request) throws Exception {
        return Optional.empty();
    }
}

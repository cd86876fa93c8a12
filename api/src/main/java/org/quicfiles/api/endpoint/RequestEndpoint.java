package org.quicfiles.api.endpoint;

/**
 * Serves one named command of the request stream (stream 0), such as {@code file_info}.
 *
 * <p>Called on a virtual thread for each command; several calls may run at once. A body that
 * starts with {@code d} is a bt dictionary, any other body is JSON, and the reply should use the
 * same form as the request. To answer with an error reply, throw a
 * {@link org.quicfiles.api.QuicFilesException}: the transport sends the code's name as the error body
 * ({@code NOT_FOUND}) for a bt request and {@code {"error":"NOT_FOUND"}} for a JSON request. Any other
 * exception becomes an {@code INTERNAL_ERROR} error reply and is logged once.
 */
@FunctionalInterface
public interface RequestEndpoint {
    /**
     * Answers one command.
     *
     * @param body the command's body bytes (may be empty)
     * @return the reply body
     * @throws Exception any failure; see the type's Javadoc for how it reaches the peer
     */
    byte[] handle(byte[] body) throws Exception;
}

package org.quicfiles.api.endpoint;

/**
 * Serves one kind of file stream: the stream whose header block names this command in {@code !}.
 *
 * <p>Called once per stream on its own virtual thread. The handler reads the request body and
 * writes the response through the {@link StreamExchange}; both calls block while no data or no
 * flow-control window is there, which is how QUIC flow control becomes backpressure. When the
 * handler returns, the transport ends the response with FIN. When it throws a
 * {@link org.quicfiles.api.QuicFilesException}, the transport resets the stream with that code;
 * any other exception resets it with {@code INTERNAL_ERROR} (480) and is logged once.
 *
 * @since 0.1.0 (api version 1)
 */
@FunctionalInterface
public interface StreamCommand {
    /**
     * Serves one stream.
     *
     * @param exchange the stream's header, body and response, valid until this method returns
     * @throws Exception any failure; see the type's Javadoc for how it reaches the peer
     */
    void handle(StreamExchange exchange) throws Exception;
}

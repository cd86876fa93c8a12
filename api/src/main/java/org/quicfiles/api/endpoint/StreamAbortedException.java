package org.quicfiles.api.endpoint;

import java.io.IOException;

/**
 * The peer abandoned the stream (RESET_STREAM or STOP_SENDING, e.g. code 499) or the connection
 * went away. A handler that sees it should release what it holds and return; nothing more can be
 * sent on the stream.
 *
 * @since 0.1.0 (api version 1)
 */
public class StreamAbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long peerCode;

    /**
     * @param peerCode the application error code the peer sent, or -1 when the connection was lost
     * @param message what happened
     */
    public StreamAbortedException(long peerCode, String message) {
        super(message);
        this.peerCode = peerCode;
    }

    /** The application error code the peer sent, or -1 when the connection was lost. */
    public long peerCode() {
        return peerCode;
    }
}

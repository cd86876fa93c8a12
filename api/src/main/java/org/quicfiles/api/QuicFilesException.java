package org.quicfiles.api;

import java.util.Objects;

/**
 * The one unchecked exception that carries a protocol {@link ErrorCode}. An endpoint throws it to
 * fail a stream or a request with that code; the transport turns it into RESET_STREAM with the code
 * (file streams) or an error reply (stream 0). Any other exception thrown by an endpoint becomes
 * {@link ErrorCode#INTERNAL_ERROR}, logged once with its cause.
 *
 * @since 0.1.0 (api version 1)
 */
public class QuicFilesException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    /**
     * @param code the protocol error code, not null
     * @param message a short human-readable explanation for logs, not sent on the wire
     */
    public QuicFilesException(ErrorCode code, String message) {
        super(message);
        this.code = Objects.requireNonNull(code, "code");
    }

    /**
     * @param code the protocol error code, not null
     * @param message a short human-readable explanation for logs
     * @param cause the underlying failure, may be null
     */
    public QuicFilesException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = Objects.requireNonNull(code, "code");
    }

    /** The protocol error code this failure maps to. */
    public ErrorCode code() {
        return code;
    }
}

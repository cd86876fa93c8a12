package org.quicfiles.protocol;

/** Constants of the quic-files wire protocol. */
public final class Wire {
    /** The mandatory ALPN protocol id. */
    public static final String ALPN = "quic-files";
    /** The default UDP port. */
    public static final int DEFAULT_PORT = 11235;
    /** The id of the request stream. */
    public static final long REQUEST_STREAM_ID = 0;
    /** The largest stream-0 message, in bytes (the list after {@code <len>:}). */
    public static final int MAX_FRAME_SIZE = 10_000_000;
    /** The application error code that closes the request stream after a malformed frame. */
    public static final long MALFORMED_FRAME_CODE = 777_000_105L;
    /** The SNI a client sends whatever the host. */
    public static final String SNI = "localhost";
    /** The most digits a {@code <len>} prefix may have. */
    public static final int MAX_LENGTH_DIGITS = 10;

    private Wire() {
    }
}

package org.quicfiles.api;

/**
 * The protocol's error codes. On a file stream the {@link #wireCode()} is sent as the QUIC
 * application error code of RESET_STREAM and STOP_SENDING; on the request stream (stream 0) the
 * {@link #name()} is the error reply's body (bt form) or its {@code "error"} field (JSON form).
 *
 * @since 0.1.0 (api version 1)
 */
public enum ErrorCode {
    /** Malformed request: bad length prefix, bad bt, keys out of order, missing or bad field. */
    BAD_REQUEST(400),
    /** No such file, or the file has expired. */
    NOT_FOUND(404),
    /** The command named in the header block's {@code !} is not served here. */
    UNKNOWN_COMMAND(405),
    /** The declared upload size is zero, negative, or over the maximum. */
    BAD_SIZE(451),
    /** The peer sent FIN before the declared number of bytes. */
    TOO_SHORT(452),
    /** The peer sent more bytes than declared. */
    TOO_LONG(453),
    /** A storage or database failure on the server. */
    INTERNAL_ERROR(480),
    /** Sent by a client that abandons a download. */
    ABANDONED(499),
    /** Stream 0 only: the answer is not known yet (for example no release polled yet). */
    UNAVAILABLE(503);

    private final int wireCode;

    ErrorCode(int wireCode) {
        this.wireCode = wireCode;
    }

    /** The numeric code used on the wire. */
    public int wireCode() {
        return wireCode;
    }

    /**
     * The error code with the given numeric wire code.
     *
     * @param wireCode a numeric code as received from the wire
     * @return the matching code, or {@link #INTERNAL_ERROR} for a code this api does not know
     */
    public static ErrorCode fromWire(long wireCode) {
        for (ErrorCode code : values()) {
            if (code.wireCode == wireCode) {
                return code;
            }
        }
        return INTERNAL_ERROR;
    }
}

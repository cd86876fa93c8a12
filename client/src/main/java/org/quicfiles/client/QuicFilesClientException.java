package org.quicfiles.client;

import java.io.IOException;
import org.quicfiles.api.ErrorCode;

/** The server reset a stream (or the request stream) with an application error code. */
public class QuicFilesClientException extends IOException {
    private static final long serialVersionUID = 1L;

    private final long wireCode;

    /**
     * @param wireCode the application error code the server sent
     * @param message what happened
     */
    public QuicFilesClientException(long wireCode, String message) {
        super(message + " (code " + wireCode + ")");
        this.wireCode = wireCode;
    }

    /** The application error code as sent, e.g. 404 or 777000105. */
    public long wireCode() {
        return wireCode;
    }

    /** The code as an {@link ErrorCode}; {@link ErrorCode#INTERNAL_ERROR} for codes the api does not know. */
    public ErrorCode code() {
        return ErrorCode.fromWire(wireCode);
    }
}

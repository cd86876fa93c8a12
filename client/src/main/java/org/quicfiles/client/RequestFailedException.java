package org.quicfiles.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** A stream-0 command got an error reply. */
public class RequestFailedException extends IOException {
    private static final long serialVersionUID = 1L;

    private final byte[] body;

    /**
     * @param endpoint the endpoint called
     * @param body the error reply's body
     */
    public RequestFailedException(String endpoint, byte[] body) {
        super(endpoint + " failed: " + new String(body, StandardCharsets.UTF_8));
        this.body = body.clone();
    }

    /** The error body, e.g. {@code NOT_FOUND}, {@code {"error":"NOT_FOUND"}} or {@code Invalid endpoint 'x'}. */
    public byte[] body() {
        return body.clone();
    }

    /** The error body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}

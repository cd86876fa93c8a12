package org.quicfiles.app.cli;

import java.io.IOException;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.RequestFailedException;

/** Turns the client library's failures into one line for the operator. */
final class ClientFailures {
    private ClientFailures() {
    }

    /** An exception whose message says what the server answered. */
    static IOException explain(String what, IOException failure) {
        if (failure instanceof QuicFilesClientException refused) {
            return new IOException(what + ": the server answered " + refused.code() + " (" + refused.wireCode() + ")",
                    failure);
        }
        if (failure instanceof RequestFailedException error) {
            return new IOException(what + ": the server answered " + error.bodyText().strip(), failure);
        }
        return new IOException(what + ": " + (failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage()), failure);
    }
}

package org.quicfiles.app.cli;

import java.io.IOException;
import java.io.Serial;
import java.util.Map;
import java.util.Optional;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.RequestFailedException;

/** Turns the client library's failures into one line for the operator. */
final class ClientFailures {
    private ClientFailures() {
    }

    /**
     * A client command's failure: one line, and the protocol code the server answered, if it did
     * (for {@code --json}).
     */
    static final class Failure extends IOException {
        @Serial
        private static final long serialVersionUID = 1L;
        private final transient ErrorCode code;

        Failure(String message, ErrorCode code, Throwable cause) {
            super(message, cause);
            this.code = code;
        }

        /** What the server answered, if it answered with a code. */
        Optional<ErrorCode> code() {
            return Optional.ofNullable(code);
        }
    }

    /** An exception whose message says what the server answered, in one form for every command. */
    static Failure explain(String what, IOException failure) {
        return explain(what, failure, Map.of());
    }

    /**
     * Like {@link #explain(String, IOException)}, adding {@code hints} for codes the client knows
     * more about (e.g. what a 451 means for an upload of this size).
     */
    static Failure explain(String what, IOException failure, Map<ErrorCode, String> hints) {
        if (failure instanceof Failure already) {
            return already;
        }
        if (failure instanceof QuicFilesClientException refused) {
            return answered(what, refused.code(), hints, failure);
        }
        if (failure instanceof RequestFailedException error) {
            String body = error.bodyText().strip();
            Optional<ErrorCode> code = codeNamed(body);
            if (code.isPresent()) {
                return answered(what, code.get(), hints, failure);
            }
            return new Failure(what + ": the server answered " + body, null, failure);
        }
        return new Failure(what + ": " + (failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getMessage()), null, failure);
    }

    private static Failure answered(String what, ErrorCode code, Map<ErrorCode, String> hints, IOException failure) {
        String hint = hints.get(code);
        return new Failure(what + ": the server answered " + code + " (" + code.wireCode() + ")"
                + (hint == null ? "" : ": " + hint), code, failure);
    }

    /** The code an error body names: {@code NOT_FOUND} (bt replies) or {@code {"error":"NOT_FOUND"}} (JSON). */
    static Optional<ErrorCode> codeNamed(String body) {
        String name = body;
        java.util.regex.Matcher json = java.util.regex.Pattern.compile("\\{\\s*\"error\"\\s*:\\s*\"([A-Z_]+)\"\\s*}")
                .matcher(body);
        if (json.matches()) {
            name = json.group(1);
        }
        for (ErrorCode code : ErrorCode.values()) {
            if (code.name().equals(name)) {
                return Optional.of(code);
            }
        }
        return Optional.empty();
    }
}

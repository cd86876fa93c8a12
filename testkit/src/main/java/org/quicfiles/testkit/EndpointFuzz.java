package org.quicfiles.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.protocol.RequestBody;
import org.quicfiles.api.endpoint.RequestEndpoint;

/**
 * The check at the heart of a request-endpoint fuzz property, for any property-testing library:
 * the endpoint must answer in the request's form or fail with one of its documented codes.
 * Failures are {@link AssertionError}s, which every test framework reports.
 */
public final class EndpointFuzz {
    /** What {@link #answerOrDocumentedError} saw: a reply, or the documented code it failed with. */
    public sealed interface Outcome {
        /** A label for statistics, {@code answered} or the error code's name. */
        String label();
    }

    /**
     * The endpoint answered.
     *
     * @param reply the reply, parsed back from the bytes the server would send
     */
    public record Answered(Request reply) implements Outcome {
        @Override
        public String label() {
            return "answered";
        }
    }

    /**
     * The endpoint refused the request with a documented code.
     *
     * @param code that code
     */
    public record Refused(ErrorCode code) implements Outcome {
        @Override
        public String label() {
            return code.name();
        }
    }

    private EndpointFuzz() {
    }

    /**
     * Sends {@code body} to {@code endpoint}.
     *
     * @param documented the codes the endpoint may refuse with
     * @throws AssertionError if it threw anything but a {@link QuicFilesException} with a documented
     *         code, or answered with bytes that are not a body of the request's form
     */
    public static Outcome answerOrDocumentedError(RequestEndpoint endpoint, byte[] body, Set<ErrorCode> documented) {
        Request request;
        try {
            request = RequestBody.parse(body);
        } catch (QuicFilesException e) {
            // the server answers BAD_REQUEST itself, without calling the endpoint
            return new Refused(e.code());
        }
        byte[] reply;
        try {
            reply = RequestBody.encode(request.form(), java.util.Objects.requireNonNull(endpoint.handle(request), "null reply"));
        } catch (QuicFilesException e) {
            if (!documented.contains(e.code())) {
                throw new AssertionError("undocumented " + e.code() + ": " + e.getMessage(), e);
            }
            return new Refused(e.code());
        } catch (Exception | Error e) {
            throw new AssertionError("not a QuicFilesException: " + e, e);
        }
        Request parsed;
        try {
            parsed = RequestBody.parse(reply);
        } catch (QuicFilesException e) {
            throw new AssertionError("the reply is not a bt or JSON body: " + e.getMessage(), e);
        }
        if (parsed.form() != request.form()) {
            throw new AssertionError("a " + request.form() + " request got a " + parsed.form() + " reply");
        }
        return new Answered(parsed);
    }

    /** Deletes a folder a property made for itself (jqwik has no {@code @TempDir}), deepest first. */
    public static void deleteTree(Path root) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(root)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : paths) {
            Files.deleteIfExists(path);
        }
    }
}

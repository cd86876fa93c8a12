package org.quicfiles.examples.hello.internal;

import java.util.Map;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.RequestEndpoint;

/**
 * {@code hello}: answers {@code {"greeting": "<greeting>, <name>!"}}. The server parses the body (bt
 * {@code d4:name5:Alicee} or JSON {@code {"name":"Alice"}}; one that is neither is answered
 * {@code BAD_REQUEST} before this runs) and encodes the returned fields in the request's form.
 * {@code name} is optional (default {@code world}); an empty body is a JSON request without a name.
 */
final class HelloEndpoint implements RequestEndpoint {
    private static final int MAX_NAME_LENGTH = 100;

    private final String greeting;

    HelloEndpoint(String greeting) {
        this.greeting = greeting;
    }

    @Override
    public Map<String, ?> handle(Request request) {
        String name = request.string("name").orElse("world");
        return Map.of("greeting", greetingFor(name));
    }

    private String greetingFor(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "name must have 1 to 100 characters");
        }
        return greeting + ", " + name + "!";
    }
}

package org.quicfiles.examples.hello.internal;

import java.util.Map;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.RequestBody;
import org.quicfiles.api.endpoint.RequestEndpoint;

/**
 * {@code hello}: answers {@code {"greeting": "<greeting>, <name>!"}}. A body starting with {@code d}
 * is bt ({@code d4:name5:Alicee}) and gets a bt reply; any other body is JSON
 * ({@code {"name":"Alice"}}) and gets a JSON reply. {@code name} is optional (default
 * {@code world}); an empty body is a JSON request without a name; a body that does not parse is {@code BAD_REQUEST}.
 */
final class HelloEndpoint implements RequestEndpoint {
    private static final int MAX_NAME_LENGTH = 100;

    private final String greeting;

    HelloEndpoint(String greeting) {
        this.greeting = greeting;
    }

    @Override
    public byte[] handle(byte[] body) {
        RequestBody request = RequestBody.parse(body);
        String name = request.string("name").orElse("world");
        return request.reply(Map.of("greeting", greetingFor(name)));
    }

    private String greetingFor(String name) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "name must have 1 to 100 characters");
        }
        return greeting + ", " + name + "!";
    }
}

package org.quicfiles.examples.hello.internal;

import java.util.Map;
import java.util.Set;
import org.quicfiles.api.ApiVersion;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.api.spi.EndpointProvider;
import org.quicfiles.api.spi.ServerContext;

/**
 * The plugin: a stateless factory the server instantiates with {@link java.util.ServiceLoader}.
 * Its name, {@code hello}, is also its configuration section: {@code hello.greeting = Howdy} in the
 * server's config changes the greeting.
 */
public final class HelloProvider implements EndpointProvider {
    /** The request endpoint's name. */
    static final String HELLO = "hello";
    /** The stream command's name. */
    static final String UPPER = "UPPER";

    /** Called by {@link java.util.ServiceLoader}. */
    public HelloProvider() {
        // nothing to set up before create()
    }

    @Override
    public String name() {
        return "hello";
    }

    @Override
    public int apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public Set<String> streamCommands() {
        return Set.of(UPPER);
    }

    @Override
    public Set<String> requestEndpoints() {
        return Set.of(HELLO);
    }

    @Override
    public Set<String> configKeys() {
        return Set.of("greeting");
    }

    @Override
    public Endpoints create(ServerContext context) {
        String greeting = context.config().get("greeting", "Hello");
        context.logger().log(System.Logger.Level.INFO, "hello plugin greets with '" + greeting + "'");
        return new Endpoints(
                Map.of(UPPER, new UpperCommand()),
                Map.of(HELLO, new HelloEndpoint(greeting)));
    }
}

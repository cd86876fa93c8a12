package org.quicfiles.api.spi;

import java.util.Optional;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.endpoint.StreamCommand;

/**
 * Finds the endpoint that serves a command name. The transport knows commands only through it.
 *
 * @since 0.1.0 (api version 1)
 */
public interface Router {
    /** The stream command registered for a header block's {@code !} value. */
    Optional<StreamCommand> streamCommand(String name);

    /** The request endpoint registered for a stream-0 endpoint name. */
    Optional<RequestEndpoint> requestEndpoint(String name);
}

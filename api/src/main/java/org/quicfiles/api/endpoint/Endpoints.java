package org.quicfiles.api.endpoint;

import java.util.Map;
import java.util.Objects;

/**
 * What an {@link org.quicfiles.api.spi.EndpointProvider} created: its stream commands by command
 * name ({@code PUT}), its request endpoints by endpoint name ({@code file_info}), and what to run at
 * shutdown.
 *
 * @param streamCommands stream commands by the name a header block's {@code !} carries
 * @param requestEndpoints request endpoints by the name a stream-0 command carries
 * @param onClose run once when the server stops (stop schedulers, close resources)
 *
 * @since 0.1.0 (api version 1)
 */
public record Endpoints(Map<String, StreamCommand> streamCommands,
                        Map<String, RequestEndpoint> requestEndpoints,
                        AutoCloseable onClose) {
    /** Copies the maps. */
    public Endpoints {
        streamCommands = Map.copyOf(streamCommands);
        requestEndpoints = Map.copyOf(requestEndpoints);
        Objects.requireNonNull(onClose, "onClose");
    }

    /** Endpoints with nothing to close. */
    public Endpoints(Map<String, StreamCommand> streamCommands, Map<String, RequestEndpoint> requestEndpoints) {
        this(streamCommands, requestEndpoints, () -> { });
    }
}

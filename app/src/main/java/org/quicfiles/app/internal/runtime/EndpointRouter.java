package org.quicfiles.app.internal.runtime;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.spi.Router;

/** Maps command and endpoint names to the started plugins' endpoints. Immutable once built. */
public final class EndpointRouter implements Router {
    private final Map<String, StreamCommand> streamCommands;
    private final Map<String, RequestEndpoint> requestEndpoints;

    private EndpointRouter(Map<String, StreamCommand> streamCommands, Map<String, RequestEndpoint> requestEndpoints) {
        this.streamCommands = Map.copyOf(streamCommands);
        this.requestEndpoints = Map.copyOf(requestEndpoints);
    }

    /** A router over the endpoints of all started plugins; names were checked to be unique before. */
    public static EndpointRouter of(Iterable<Endpoints> started) {
        Map<String, StreamCommand> commands = new HashMap<>();
        Map<String, RequestEndpoint> endpoints = new HashMap<>();
        for (Endpoints plugin : started) {
            commands.putAll(plugin.streamCommands());
            endpoints.putAll(plugin.requestEndpoints());
        }
        return new EndpointRouter(commands, endpoints);
    }

    @Override
    public Optional<StreamCommand> streamCommand(String name) {
        return Optional.ofNullable(streamCommands.get(name));
    }

    @Override
    public Optional<RequestEndpoint> requestEndpoint(String name) {
        return Optional.ofNullable(requestEndpoints.get(name));
    }

    /** The served stream command names. */
    public Set<String> streamCommandNames() {
        return streamCommands.keySet();
    }

    /** The served request endpoint names. */
    public Set<String> requestEndpointNames() {
        return requestEndpoints.keySet();
    }
}

package org.quicfiles.api.spi;

import java.security.KeyPair;
import java.util.Objects;
import org.quicfiles.api.Config;

/**
 * What a {@link TransportProvider} needs to start.
 *
 * @param config the {@code transport.} configuration section (address, port, limits, tuning)
 * @param identity the server's Ed25519 identity key pair
 * @param router finds the endpoint for a command name
 * @param logger where to log
 */
public record TransportContext(Config config, KeyPair identity, Router router, System.Logger logger) {
    /** Checks the fields. */
    public TransportContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(logger, "logger");
    }
}

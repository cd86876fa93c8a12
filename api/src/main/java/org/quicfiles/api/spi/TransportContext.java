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
 * @param meters where to count connections, streams, commands and errors (the same names on every
 *        transport, so that dashboards do not depend on the transport chosen); {@link Meters#NONE}
 *        when nothing scrapes them (since 0.1.0, api version 1)
 *
 * @since 0.1.0 (api version 1)
 */
public record TransportContext(Config config, KeyPair identity, Router router, System.Logger logger,
                               Meters meters) {
    /** Checks the fields. */
    public TransportContext {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(meters, "meters");
    }

    /** A context whose meters record nothing. */
    public TransportContext(Config config, KeyPair identity, Router router, System.Logger logger) {
        this(config, identity, router, logger, Meters.NONE);
    }
}

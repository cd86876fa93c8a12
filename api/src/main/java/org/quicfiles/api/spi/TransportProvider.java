package org.quicfiles.api.spi;

import java.io.IOException;
import java.util.Optional;

/**
 * A network transport that serves the endpoints (QUIC today). Among the usable providers the
 * server picks the one with the highest {@link #priority()}, unless the operator names one.
 */
public interface TransportProvider {
    /** A stable name, e.g. {@code quic}. */
    String name();

    /** Whether this transport can work here (native libraries present). Must not throw. */
    boolean isUsable();

    /**
     * Why this transport cannot work here, in one line for the operator (e.g. which library is
     * missing); empty when it can. Must not throw.
     *
     * @since 1 (a default method added without raising the version)
     */
    default Optional<String> unusableReason() {
        return isUsable() ? Optional.empty() : Optional.of("not usable on this machine");
    }

    /** Higher wins among usable providers. */
    int priority();

    /**
     * Binds and starts serving; returns once the transport accepts connections.
     *
     * @param context configuration, identity and routing
     * @throws IOException if it cannot bind or start
     */
    Transport start(TransportContext context) throws IOException;
}

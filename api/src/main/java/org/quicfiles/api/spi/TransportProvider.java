package org.quicfiles.api.spi;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * A network transport that serves the endpoints (QUIC today). Among the usable providers the
 * server picks the one with the highest {@link #priority()}, unless the operator names one.
 *
 * @since 0.1.0 (api version 1)
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
     * @since 0.1.0 (api version 1: a default method, so providers built before it still load)
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

    /**
     * The configuration keys this transport reads, relative to the {@code transport.} section that
     * every transport shares: {@code idle-timeout} is set as {@code transport.idle-timeout}. Keys that
     * several transports read (address, port, limits) are declared by each. The server refuses to
     * start when the operator sets a key that no provider declares (a misspelt key would otherwise be
     * silently ignored) and names the nearest declared one. Declare every key read, including those
     * with defaults; the default declares none.
     *
     * @return the keys, e.g. {@code Set.of("address", "port", "idle-timeout")}; not null, may be empty
     * @since 0.1.0 (api version 1: a default method, so providers built before it still load)
     */
    default Set<String> configKeys() {
        return Set.of();
    }
}

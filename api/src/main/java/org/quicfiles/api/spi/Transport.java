package org.quicfiles.api.spi;

import java.net.InetSocketAddress;

/**
 * A running transport. Closing it stops accepting and closes its connections.
 *
 * @since 0.1.0 (api version 1)
 */
public interface Transport extends AutoCloseable {
    /** The address it is bound to (with the real port when port 0 was asked for). */
    InetSocketAddress localAddress();

    /** A short description for the ready line and logs, e.g. {@code "quic/epoll"}. */
    String describe();

    /** Stops the transport. */
    @Override
    void close();
}

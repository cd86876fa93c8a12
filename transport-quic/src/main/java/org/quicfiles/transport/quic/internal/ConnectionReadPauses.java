package org.quicfiles.transport.quic.internal;

import io.netty.channel.Channel;
import io.netty.util.Attribute;
import io.netty.util.AttributeKey;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How many streams of one QUIC connection have stopped reading because their command has not yet
 * taken what arrived. While any has, the connection's flow-control window may be full of data the
 * server itself holds unread, and the peer cannot send on the connection's other streams: a
 * command waiting for data there waits on the server, not on the peer, so that wait counts neither
 * towards the stall timeout nor against the minimum rate (decision note 0204).
 */
final class ConnectionReadPauses {
    private static final AttributeKey<ConnectionReadPauses> KEY =
            AttributeKey.valueOf(ConnectionReadPauses.class, "readPauses");

    private final AtomicInteger paused = new AtomicInteger();

    /** The counter of {@code connection}, created on first use. */
    static ConnectionReadPauses of(Channel connection) {
        Attribute<ConnectionReadPauses> attribute = connection.attr(KEY);
        ConnectionReadPauses existing = attribute.get();
        if (existing != null) {
            return existing;
        }
        ConnectionReadPauses created = new ConnectionReadPauses();
        existing = attribute.setIfAbsent(created);
        return existing != null ? existing : created;
    }

    void paused() {
        paused.incrementAndGet();
    }

    void resumed() {
        paused.decrementAndGet();
    }

    /** Whether some stream of the connection has stopped reading. */
    boolean any() {
        return paused.get() > 0;
    }
}

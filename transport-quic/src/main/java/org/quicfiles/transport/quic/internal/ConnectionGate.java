package org.quicfiles.transport.quic.internal;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.TransportMetrics;

/**
 * Counts connections and handshakes in progress, refuses connections over {@code max-connections},
 * and tracks them for shutdown. A connection's handshake is in progress from its registration (Netty
 * created it for an accepted Initial) until it becomes active or goes away.
 */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    /** QUIC's CONNECTION_REFUSED transport error code. */
    private static final int CONNECTION_REFUSED = 0x2;
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("quicfiles.counted");
    private static final AttributeKey<Boolean> HANDSHAKING = AttributeKey.valueOf("quicfiles.handshaking");

    private final int maxConnections;
    private final ChannelGroup connections;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger handshaking = new AtomicInteger();
    private final AtomicLong handshakesStarted = new AtomicLong();

    private final AbuseLog abuse;
    private final TransportMetrics metrics;

    ConnectionGate(int maxConnections, ChannelGroup connections, AbuseLog abuse, TransportMetrics metrics) {
        this.metrics = metrics;
        this.maxConnections = maxConnections;
        this.connections = connections;
        this.abuse = abuse;
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        ctx.channel().attr(HANDSHAKING).set(Boolean.TRUE);
        handshaking.incrementAndGet();
        handshakesStarted.incrementAndGet();
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelUnregistered(ChannelHandlerContext ctx) {
        if (handshakeEnded(ctx)) {
            metrics.error(TransportMetrics.HANDSHAKE); // closed before it was ever active
        }
        ctx.fireChannelUnregistered();
    }

    /** Whether the handshake was still in progress. */
    private boolean handshakeEnded(ChannelHandlerContext ctx) {
        if (ctx.channel().attr(HANDSHAKING).getAndSet(null) != null) {
            handshaking.decrementAndGet();
            return true;
        }
        return false;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        handshakeEnded(ctx);
        QuicChannel connection = (QuicChannel) ctx.channel();
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            abuse.record(AbuseLog.Cause.MAX_CONNECTIONS);
            connection.close(false, CONNECTION_REFUSED,
                    Unpooled.copiedBuffer("too many connections", StandardCharsets.US_ASCII));
            return;
        }
        connection.attr(COUNTED).set(Boolean.TRUE);
        metrics.connectionOpened();
        connections.add(connection);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
            metrics.connectionClosed();
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }

    int openConnections() {
        return open.get();
    }

    /** Handshakes started and neither finished nor abandoned yet. */
    int handshakesInProgress() {
        return handshaking.get();
    }

    /** Handshakes started since the server began (for tests: what a flood of Initials cost). */
    long handshakesStarted() {
        return handshakesStarted.get();
    }

    /**
     * Whether a new, not yet validated client should get a Retry in mode {@code auto}: while more
     * than {@code maxHandshakes} handshakes are in progress, or the open connections exceed half of
     * {@code max-connections}.
     */
    boolean busy(int maxHandshakes) {
        return handshaking.get() > maxHandshakes || open.get() > maxConnections / 2;
    }
}

package org.quicfiles.transport.quic.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.ChannelGroup;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.util.AttributeKey;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import io.netty.buffer.Unpooled;

/** Counts connections, refuses those over {@code max-connections}, and tracks them for shutdown. */
@ChannelHandler.Sharable
final class ConnectionGate extends ChannelInboundHandlerAdapter {
    /** QUIC's CONNECTION_REFUSED transport error code. */
    private static final int CONNECTION_REFUSED = 0x2;
    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("quicfiles.counted");

    private final int maxConnections;
    private final ChannelGroup connections;
    private final AtomicInteger open = new AtomicInteger();

    ConnectionGate(int maxConnections, ChannelGroup connections) {
        this.maxConnections = maxConnections;
        this.connections = connections;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        QuicChannel connection = (QuicChannel) ctx.channel();
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            connection.close(false, CONNECTION_REFUSED,
                    Unpooled.copiedBuffer("too many connections", StandardCharsets.US_ASCII));
            return;
        }
        connection.attr(COUNTED).set(Boolean.TRUE);
        connections.add(connection);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
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
}

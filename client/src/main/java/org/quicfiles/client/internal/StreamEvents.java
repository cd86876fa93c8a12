package org.quicfiles.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.quicfiles.bridge.BridgedStream;

/**
 * The handler of a {@link BlockingStream}'s channel: Netty's events of that stream to its
 * {@link BridgedStream}, and a failure of the stream to the client's {@link ClientStreamFailures}
 * (which remembers the server's reset code). Runs on the stream's event loop.
 */
final class StreamEvents extends ChannelInboundHandlerAdapter {
    private final BridgedStream stream;
    private final ClientStreamFailures failures;

    StreamEvents(BridgedStream stream, ClientStreamFailures failures) {
        this.stream = stream;
        this.failures = failures;
    }


    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            stream.received(data.nioBuffer());
        } finally {
            data.release();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        stream.readComplete();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            stream.inputFinished();
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        stream.writable(ctx.channel().isWritable());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        failures.failed(stream, cause);
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!stream.inputDone()) {
            stream.abort(new IOException("stream closed before the server finished it"));
        }
        stream.wake();
    }
}

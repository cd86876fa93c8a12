package org.quicfiles.load.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.quicfiles.protocol.Bt;
import org.quicfiles.protocol.GetHead;
import org.quicfiles.protocol.HeaderBlockParser;
import org.quicfiles.protocol.PutReply;

/**
 * One file stream of the bare baseline, on the event loop: parses the command block, then for a
 * PUT drops the body and answers at FIN, for a GET writes the head and the pattern from a shared
 * direct buffer in 64 KiB slices while the stream is writable (its capacity is QUIC flow control).
 */
final class BareFileStream extends ChannelInboundHandlerAdapter {
    private static final int CHUNK = 64 * 1024;
    private static final long UPLOADED = 1_700_000_000L;
    private static final long EXPIRY = 1_701_209_600L;

    private final ByteBuf pattern;
    private final HeaderBlockParser parser = new HeaderBlockParser(HeaderBlockParser.DEFAULT_MAX_SIZE);
    private Bt.Dict header;
    private long bodyBytes;
    private long getSize = -1;
    private long sent;

    BareFileStream(ByteBuf pattern) {
        this.pattern = pattern;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            ByteBuffer bytes = in.nioBuffer();
            if (header == null) {
                Optional<Bt.Dict> parsed = parser.feed(bytes);
                if (parsed.isEmpty()) {
                    return;
                }
                header = parsed.get();
                if ("GET".equals(header.string("!").orElse(""))) {
                    startGet(ctx);
                }
            }
            bodyBytes += bytes.remaining();
        } finally {
            in.release();
        }
    }

    private void startGet(ChannelHandlerContext ctx) {
        long size = Long.parseLong(header.string("#").orElseThrow());
        if (size > pattern.capacity()) {
            ((QuicStreamChannel) ctx.channel()).shutdown(404);
            return;
        }
        getSize = size;
        ctx.write(Unpooled.wrappedBuffer(new GetHead(size, UPLOADED, EXPIRY).encode()));
        pump(ctx);
    }

    /** Writes slices while the stream has capacity; FIN rides on the last write. */
    private void pump(ChannelHandlerContext ctx) {
        while (sent < getSize && ctx.channel().isWritable()) {
            int n = (int) Math.min(CHUNK, getSize - sent);
            ByteBuf slice = pattern.retainedSlice((int) sent, n);
            sent += n;
            // FIN in the same frame as the last bytes: quiche can forget a FIN sent alone (decision note 0163)
            ctx.write(sent == getSize ? new DefaultQuicStreamFrame(slice, true) : slice);
        }
        ctx.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (getSize >= 0 && sent < getSize) {
            pump(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent && header != null && "PUT".equals(header.string("!").orElse(""))) {
            long size = header.integer("s").orElse(-1L);
            if (bodyBytes != size) {
                ((QuicStreamChannel) ctx.channel()).shutdown(bodyBytes < size ? 452 : 453);
                return;
            }
            ctx.writeAndFlush(new DefaultQuicStreamFrame(
                    Unpooled.wrappedBuffer(new PutReply(Long.toString(size), UPLOADED, EXPIRY).encode()), true));
        }
        ctx.fireUserEventTriggered(event);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ((QuicStreamChannel) ctx.channel()).shutdown(480);
    }
}

package org.quicfiles.load.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.quicfiles.protocol.Bt;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.FrameParser;

/**
 * Stream 0 of the bare baseline: answers every command with a fixed {@code file_info}-shaped reply
 * from memory (the "ping" P5 compares {@code file_info} with).
 */
final class BareRequestStream extends ChannelInboundHandlerAdapter {
    private static final byte[] REPLY_BODY = Bt.Dict.builder()
            .put("#", "1").put("s", 1L).put("u", 1_700_000_000L).put("x", 1_701_209_600L).build().encode();

    private final FrameParser parser = new FrameParser();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ByteBuf in = (ByteBuf) msg;
        try {
            parser.feed(in.nioBuffer(), frame -> ctx.write(Unpooled.wrappedBuffer(
                    new Frame.Reply(frame.requestId(), REPLY_BODY).encode())));
        } finally {
            in.release();
        }
        ctx.flush();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}

package org.quicfiles.transport.quic.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.util.concurrent.TimeUnit;
import org.quicfiles.protocol.Wire;

/**
 * The baseline for {@link ThroughputBench}: a bare Netty QUIC server with the same settings whose
 * streams count what they receive on the event loop and answer the count, with no header parsing,
 * no virtual threads and no copies. (Not the load tool's {@code BareQuicServer}, which answers the
 * quic-files stream pattern from memory.)
 */
final class CountingQuicServer implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;

    CountingQuicServer(KeyPair identity, DatagramIo io) throws Exception {
        this(IdentityCertificates.keyManagerFactory(identity), io);
    }

    CountingQuicServer(javax.net.ssl.KeyManagerFactory keys, DatagramIo io) throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forServer(keys, null)
                .applicationProtocols(Wire.ALPN).build();
        QuicServerCodecBuilder builder = new QuicServerCodecBuilder();
        if (io.usesGso(true)) {
            builder.option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR,
                    new SegmentedPacketAllocator());
        }
        ChannelHandler codec = builder.sslContext(ssl)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .maxSendUdpPayloadSize(TransportSettings.DEFAULT_UDP_PAYLOAD)
                .maxRecvUdpPayloadSize(TransportSettings.DEFAULT_UDP_PAYLOAD)
                .initialMaxData(15L << 20)
                .initialMaxStreamDataBidirectionalLocal(6L << 20)
                .initialMaxStreamDataBidirectionalRemote(6L << 20)
                .initialMaxStreamsBidirectional(32)
                .handler(new ChannelInboundHandlerAdapter())
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(new Counter());
                    }
                })
                .build();
        group = io.newGroup(1);
        channel = io.configure(new Bootstrap().group(group), TransportSettings.DEFAULT_UDP_PAYLOAD, true)
                .handler(codec).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static final class Counter extends ChannelInboundHandlerAdapter {
        private long count;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            count += ((ByteBuf) msg).readableBytes();
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                ctx.writeAndFlush(new DefaultQuicStreamFrame(
                        Unpooled.copiedBuffer(Long.toString(count), StandardCharsets.US_ASCII), true));
            }
        }
    }
}

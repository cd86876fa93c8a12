package org.quicfiles.load.server;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.quicfiles.load.payload.Payloads;
import org.quicfiles.protocol.Wire;

/**
 * The bare QUIC baseline: Netty QUIC with the quicfiles transport's settings (ALPN {@code
 * quic-files}, TLS 1.3 with an ECDSA P-256 certificate, 1,350-byte UDP payload, 15 MiB / 6 MiB flow
 * control, 32 streams, epoll with recvmmsg batches of 32, GSO, 4 MiB socket buffers) that answers
 * the quic-files stream pattern from memory on the event loop: no storage, no database, no
 * virtual threads. A GET of id {@code N} (decimal) gets {@code N} pattern bytes; a PUT is read and
 * dropped and answered with the id {@code s}; {@code file_info} on stream 0 gets a fixed reply.
 */
public final class BareQuicServer implements AutoCloseable {
    /** Largest file it serves: the protocol's default maximum upload, rounded up. */
    static final int MAX_FILE = 16 << 20;
    private static final int UDP_PAYLOAD = 1350;
    private static final int BATCH = 32;
    private static final int SOCKET_BUFFER = 4 << 20;

    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final ByteBuf pattern;
    private final String description;

    private BareQuicServer(MultiThreadIoEventLoopGroup group, Channel channel, ByteBuf pattern, String description) {
        this.group = group;
        this.channel = channel;
        this.pattern = pattern;
        this.description = description;
    }

    /**
     * Starts on {@code bind} (127.0.0.1, port 0 for any), writing its self-signed key store into
     * {@code workDir}.
     */
    @SuppressWarnings("deprecation") // RCVBUF_ALLOCATOR has no replacement for datagram channels in 4.2.18
    public static BareQuicServer start(InetSocketAddress bind, Path workDir) throws IOException {
        QuicSslContext ssl = QuicSslContextBuilder.forServer(SelfSignedKeyStore.create(workDir), null)
                .applicationProtocols(Wire.ALPN)
                .earlyData(true)
                .build();
        ByteBuf pattern = Unpooled.unreleasableBuffer(
                Unpooled.directBuffer(MAX_FILE).writeBytes(Payloads.pattern(MAX_FILE)).asReadOnly());
        boolean epoll = Epoll.isAvailable();
        QuicServerCodecBuilder builder = new QuicServerCodecBuilder();
        boolean gso = epoll && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
        if (gso) {
            builder.option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, new GsoPacketAllocator());
        }
        ChannelHandler codec = builder.sslContext(ssl)
                .maxIdleTimeout(30, TimeUnit.SECONDS)
                .maxSendUdpPayloadSize(UDP_PAYLOAD)
                .maxRecvUdpPayloadSize(UDP_PAYLOAD)
                .initialMaxData(15L << 20)
                .initialMaxStreamDataBidirectionalLocal(6L << 20)
                .initialMaxStreamDataBidirectionalRemote(6L << 20)
                .initialMaxStreamsBidirectional(32)
                .initialMaxStreamsUnidirectional(0)
                .handler(new io.netty.channel.ChannelInboundHandlerAdapter() {
                    @Override
                    public boolean isSharable() {
                        return true;
                    }
                })
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamHandler(new ChannelInitializer<QuicStreamChannel>() {
                    @Override
                    protected void initChannel(QuicStreamChannel stream) {
                        stream.pipeline().addLast(stream.streamId() == Wire.REQUEST_STREAM_ID
                                ? new BareRequestStream() : new BareFileStream(pattern));
                    }
                })
                .build();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1,
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        Bootstrap bootstrap = new Bootstrap().group(group)
                .option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER)
                .option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER);
        if (epoll) {
            bootstrap.channel(EpollDatagramChannel.class)
                    .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, UDP_PAYLOAD)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_PAYLOAD * BATCH));
        } else {
            bootstrap.channel(NioDatagramChannel.class)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(UDP_PAYLOAD));
        }
        try {
            Channel channel = bootstrap.handler(codec).bind(bind).sync().channel();
            return new BareQuicServer(group, channel, pattern, epoll ? (gso ? "epoll+gso" : "epoll") : "nio");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("interrupted while binding", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("cannot bind " + bind + ": " + e.getMessage(), e);
        }
    }

    /** The bound UDP address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** The datagram I/O in use, e.g. {@code epoll+gso}. */
    public String describe() {
        return description;
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        pattern.unwrap().release();
    }
}

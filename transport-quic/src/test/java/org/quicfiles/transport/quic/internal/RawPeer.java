package org.quicfiles.transport.quic.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamLimitChangedEvent;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.quicfiles.protocol.Wire;

/**
 * A misbehaving peer for abuse and fuzz tests: a bare Netty QUIC connection (ALPN {@code quic-files},
 * no pinning) whose streams send exactly the bytes the test says, when it says, and record what
 * comes back: data, FIN, or the server's RESET_STREAM code.
 */
final class RawPeer implements AutoCloseable {
    /** The receive window the peer grants per stream: small, so that a download not read stalls soon. */
    static final long STREAM_WINDOW = 256 * 1024;

    private final MultiThreadIoEventLoopGroup group;
    private final Channel datagrams;
    final QuicChannel connection;
    private final StreamCredit credit;

    private RawPeer(MultiThreadIoEventLoopGroup group, Channel datagrams, QuicChannel connection, StreamCredit credit) {
        this.group = group;
        this.datagrams = datagrams;
        this.connection = connection;
        this.credit = credit;
    }

    static RawPeer connect(InetSocketAddress server) throws Exception {
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .trustManager(InsecureTrustManagerFactory.INSTANCE)
                .endpointIdentificationAlgorithm(null)
                .applicationProtocols(Wire.ALPN).build();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel datagrams = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new QuicClientCodecBuilder().sslContext(ssl).maxIdleTimeout(30, TimeUnit.SECONDS)
                            .initialMaxData(16 * STREAM_WINDOW)
                            .initialMaxStreamDataBidirectionalLocal(STREAM_WINDOW)
                            .initialMaxStreamDataBidirectionalRemote(STREAM_WINDOW)
                            .build())
                    .bind(0).sync().channel();
            StreamCredit credit = new StreamCredit();
            QuicChannel connection = QuicChannel.newBootstrap(datagrams)
                    .handler(credit)
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(server)
                    .connect().get(10, TimeUnit.SECONDS);
            return new RawPeer(group, datagrams, connection, credit);
        } catch (Exception e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Opens a bidirectional stream; the first one opened is stream 0, the request stream. */
    Stream open(boolean autoRead) throws Exception {
        Stream stream = new Stream();
        stream.channel = connection.newStreamBootstrap()
                .type(QuicStreamType.BIDIRECTIONAL)
                .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .option(ChannelOption.AUTO_READ, autoRead)
                .handler(stream)
                .create().get(10, TimeUnit.SECONDS);
        return stream;
    }

    /** How many more bidirectional streams the server lets this peer open now. */
    long streamsAllowed() throws Exception {
        return connection.eventLoop().submit(() -> connection.peerAllowedStreams(QuicStreamType.BIDIRECTIONAL))
                .get(10, TimeUnit.SECONDS);
    }

    /** Waits until the server lets this peer open at least {@code streams} more (MAX_STREAMS frames arrived). */
    void awaitStreamCredit(long streams, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long seen = credit.changes();
            // asked on the event loop, so never while holding the monitor the event loop notifies through
            if (streamsAllowed() >= streams) {
                return;
            }
            credit.awaitChangeAfter(seen, deadline);
        }
    }

    /** Counts QUIC stream-limit changes and wakes {@link #awaitStreamCredit} on each. */
    private static final class StreamCredit extends ChannelInboundHandlerAdapter {
        private long changes;

        synchronized long changes() {
            return changes;
        }

        synchronized void awaitChangeAfter(long seen, long deadline) throws InterruptedException, TimeoutException {
            while (changes == seen) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("the stream limit did not change in time");
                }
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof QuicStreamLimitChangedEvent) {
                synchronized (this) {
                    changes++;
                    notifyAll();
                }
            }
            ctx.fireUserEventTriggered(event);
        }
    }

    @Override
    public void close() {
        connection.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        datagrams.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** One stream: what the server sent, and how the stream ended. */
    static final class Stream extends ChannelInboundHandlerAdapter {
        QuicStreamChannel channel;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        /** Completes with the server's RESET_STREAM code, or with -1 at the server's FIN. */
        final CompletableFuture<Long> end = new CompletableFuture<>();

        /** Writes {@code bytes} (and FIN when told). */
        ChannelFuture write(byte[] bytes, boolean fin) {
            ChannelFuture write = channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
            if (fin) {
                write.addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            }
            return write;
        }

        /** Starts reading (for a stream opened with autoRead off). */
        void startReading() {
            channel.eventLoop().execute(() -> {
                channel.config().setAutoRead(true);
                channel.read();
            });
        }

        /** The server's reset code, or -1 if it ended the stream with FIN. */
        long awaitEnd(long seconds) throws InterruptedException, ExecutionException, TimeoutException {
            return end.get(seconds, TimeUnit.SECONDS);
        }

        synchronized byte[] received() {
            return received.toByteArray();
        }

        /** Waits until at least {@code bytes} bytes arrived or the stream ended. */
        synchronized byte[] awaitReceived(int bytes, long seconds) throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (received.size() < bytes && !end.isDone()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException(received.size() + " of " + bytes + " bytes within " + seconds + " s");
                }
                wait(TimeUnit.NANOSECONDS.toMillis(left) + 1);
            }
            return received.toByteArray();
        }

        private synchronized void wake() {
            notifyAll();
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            try {
                if (msg instanceof ByteBuf data) {
                    synchronized (this) {
                        data.readBytes(received, data.readableBytes());
                        notifyAll();
                    }
                }
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            } finally {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
            if (event instanceof ChannelInputShutdownEvent) {
                end.complete(-1L);
                wake();
            }
            ReferenceCountUtil.release(event);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof QuicStreamResetException reset) {
                end.complete(reset.applicationProtocolCode());
                wake();
            } else if (!(cause instanceof io.netty.channel.socket.ChannelOutputShutdownException)) {
                // STOP_SENDING only fails our writes; the RESET_STREAM that comes with it carries the code
                end.completeExceptionally(cause);
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            end.completeExceptionally(new IllegalStateException("stream closed without FIN or reset"));
            wake();
        }
    }
}

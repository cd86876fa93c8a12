package org.quicfiles.transport.quic.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.quic.QLogConfiguration;
import io.netty.handler.codec.quic.QuicChannelOption;
import io.netty.handler.codec.quic.QuicServerCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.internal.PlatformDependent;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.TransportMetrics;
import org.quicfiles.bridge.RequestMemoryBudget;
import org.quicfiles.protocol.Wire;

/** A running QUIC server: one datagram channel on one event loop, serving every connection. */
final class QuicServer implements Transport {
    private final MultiThreadIoEventLoopGroup group;
    private final Channel channel;
    private final ChannelGroup connections;
    private final String description;
    private final ConnectionGate gate;
    private final RequestMemoryBudget requestBudget;

    private QuicServer(MultiThreadIoEventLoopGroup group, Channel channel, ChannelGroup connections,
                       ConnectionGate gate, RequestMemoryBudget requestBudget, String description) {
        this.group = group;
        this.channel = channel;
        this.connections = connections;
        this.gate = gate;
        this.requestBudget = requestBudget;
        this.description = description;
    }

    static QuicServer start(TransportContext context) throws IOException {
        TransportSettings settings = TransportSettings.from(context.config());
        DatagramIo io = DatagramIo.resolve(settings.io());
        QuicSslContext ssl = QuicSslContextBuilder
                .forServer(IdentityCertificates.keyManagerFactory(context.identity()), null)
                .applicationProtocols(Wire.ALPN)
                .earlyData(settings.zeroRtt())
                .build();
        ChannelGroup connections = new DefaultChannelGroup("quicfiles-connections", GlobalEventExecutor.INSTANCE);
        TransportMetrics metrics = new TransportMetrics(context.meters(), context.router());
        // Netty's pooled and cleaner-less buffers are not in the JVM's direct buffer pool
        context.meters().gauge("netty.direct.bytes", "direct memory Netty's buffers hold",
                PlatformDependent::usedDirectMemory);
        AbuseLog abuse = new AbuseLog(context.logger(), settings.abuseLogInterval(), System::nanoTime, metrics);
        ConnectionGate gate = new ConnectionGate(settings.maxConnections(), connections, abuse, metrics);
        RequestMemoryBudget requestBudget = new RequestMemoryBudget(settings.requestMemory());
        QuicServerCodecBuilder codecBuilder = new QuicServerCodecBuilder()
                .tokenHandler(RetryTokens.withRandomKey(settings.retryTokenLifetime(), retryPolicy(settings, gate)));
        if (settings.qlog()) {
            // quiche writes one <trace id>-<channel id>.qlog per connection into an existing folder
            Files.createDirectories(Path.of(settings.qlogDir()));
            codecBuilder.option(QuicChannelOption.QLOG,
                    new QLogConfiguration(settings.qlogDir(), "quicfiles", "quicfiles server connection"));
        }
        if (io.usesGso(settings.gso())) {
            // a per-connection option: each connection's packets go out as one GSO send
            codecBuilder.option(QuicChannelOption.SEGMENTED_DATAGRAM_PACKET_ALLOCATOR, new SegmentedPacketAllocator());
        }
        ChannelHandler codec = codecBuilder
                .sslContext(ssl)
                .maxIdleTimeout(settings.idleTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(settings.maxUdpPayload())
                .maxRecvUdpPayloadSize(settings.maxUdpPayload())
                .initialMaxData(settings.maxData())
                .initialMaxStreamDataBidirectionalLocal(settings.maxStreamData())
                .initialMaxStreamDataBidirectionalRemote(settings.maxStreamData())
                .initialMaxStreamsBidirectional(settings.maxStreams())
                .initialMaxStreamsUnidirectional(0)
                .handler(gate)
                .streamOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .streamHandler(new StreamDispatcher(context.router(), settings, requestBudget, abuse, metrics, context.logger()))
                .build();
        MultiThreadIoEventLoopGroup group = io.newGroup(1);
        try {
            Bootstrap bootstrap = io.configure(new Bootstrap().group(group), settings.maxUdpPayload(), settings.gso())
                    .handler(codec);
            Channel channel = bootstrap.bind(settings.bindAddress()).sync().channel();
            long every = settings.abuseLogInterval().toMillis();
            group.scheduleAtFixedRate(abuse::flush, every, every, TimeUnit.MILLISECONDS);
            String description = "quic/" + io.label() + (io.usesGso(settings.gso()) ? "+gso" : "");
            QuicServer server = new QuicServer(group, channel, connections, gate, requestBudget, description);
            context.logger().log(System.Logger.Level.INFO, "QUIC transport listening on " + server.localAddress()
                    + " via " + description + ", retry=" + settings.retry().name().toLowerCase(java.util.Locale.ROOT)
                    + (settings.qlog() ? ", qlog traces in " + settings.qlogDir() : "") + (settings.io() == DatagramIo.Choice.AUTO ? " (io=auto: epoll where available, measured fastest)" : ""));
            return server;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("interrupted while binding", e);
        } catch (RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("cannot bind QUIC on " + settings.bindAddress() + ": " + e.getMessage(), e);
        }
    }

    private static java.util.function.BooleanSupplier retryPolicy(TransportSettings settings, ConnectionGate gate) {
        return switch (settings.retry()) {
            case OFF -> () -> false;
            case ON -> () -> true;
            case AUTO -> () -> gate.busy(settings.retryAutoHandshakes());
        };
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public String describe() {
        return description;
    }

    /** Connections currently open (for tests and metrics). */
    int openConnections() {
        return gate.openConnections();
    }

    /** The server-wide stream-0 memory budget (for tests). */
    RequestMemoryBudget requestBudget() {
        return requestBudget;
    }

    /** Handshakes started since start-up (for tests). */
    long handshakesStarted() {
        return gate.handshakesStarted();
    }

    @Override
    public void close() {
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}

package org.quicfiles.transport.quic.internal;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringDatagramChannel;
import io.netty.channel.uring.IoUringIoHandler;
import java.util.Locale;

/** The datagram transports QUIC can run over, and how each is tuned. */
enum DatagramIo {
    /** Linux epoll: recvmmsg batches, and GSO sends when asked and supported. */
    EPOLL("epoll"),
    /** Linux io_uring, reading many datagrams per completion. */
    IO_URING("io_uring"),
    /** Portable JDK NIO. */
    NIO("nio");

    /** How many datagrams of maximal size one receive (recvmmsg, io_uring) may hold. */
    private static final int BATCH = 32;
    /** Kernel socket buffers: room for bursts from many connections (the kernel may cap it, see rmem_max). */
    private static final int SOCKET_BUFFER = 4 << 20;

    private final String label;

    DatagramIo(String label) {
        this.label = label;
    }

    /** The configured choice, before resolving {@code auto}. */
    enum Choice {
        AUTO, EPOLL, IO_URING, NIO;

        static Choice parse(String text) {
            return switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "auto" -> AUTO;
                case "epoll" -> EPOLL;
                case "io_uring", "io-uring", "uring" -> IO_URING;
                case "nio" -> NIO;
                default -> throw new IllegalArgumentException("transport.io: '" + text + "' is not auto, epoll, io_uring or nio");
            };
        }
    }

    /**
     * Resolves a choice. {@code auto} takes epoll when available (fastest here, see decision note
     * 0102), else NIO; io_uring is used only when asked for.
     *
     * @throws IllegalStateException if an explicit choice is not available on this machine
     */
    static DatagramIo resolve(Choice choice) {
        return switch (choice) {
            case AUTO -> Epoll.isAvailable() ? EPOLL : NIO;
            case EPOLL -> require(EPOLL, Epoll.isAvailable(), Epoll.unavailabilityCause());
            case IO_URING -> require(IO_URING, IoUring.isAvailable(), IoUring.unavailabilityCause());
            case NIO -> NIO;
        };
    }

    private static DatagramIo require(DatagramIo io, boolean available, Throwable cause) {
        if (!available) {
            throw new IllegalStateException(io.label + " is not available here: " + cause);
        }
        return io;
    }

    String label() {
        return label;
    }

    IoHandlerFactory ioHandlerFactory() {
        return switch (this) {
            case EPOLL -> EpollIoHandler.newFactory();
            case IO_URING -> IoUringIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
    }

    MultiThreadIoEventLoopGroup newGroup(int threads) {
        return new MultiThreadIoEventLoopGroup(threads, ioHandlerFactory());
    }

    /** Whether this transport will send with GSO given the setting. */
    boolean usesGso(boolean gsoWanted) {
        return this == EPOLL && gsoWanted && EpollDatagramChannel.isSegmentedDatagramPacketSupported();
    }

    /** Sets the channel class and the datagram options for a payload of {@code maxPayload} bytes. */
    @SuppressWarnings("deprecation") // RCVBUF_ALLOCATOR has no replacement for datagram channels in 4.2.18
    Bootstrap configure(Bootstrap bootstrap, int maxPayload, boolean gsoWanted) {
        bootstrap.option(ChannelOption.SO_RCVBUF, SOCKET_BUFFER).option(ChannelOption.SO_SNDBUF, SOCKET_BUFFER);
        switch (this) {
            case EPOLL -> {
                // recvmmsg: many datagrams per read (clients rarely send with GSO, so GRO coalesces little)
                bootstrap.channel(EpollDatagramChannel.class)
                        .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxPayload)
                        .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxPayload * BATCH));
            }
            case IO_URING -> bootstrap.channel(IoUringDatagramChannel.class)
                    .option(IoUringChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, maxPayload)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxPayload * BATCH));
            case NIO -> bootstrap.channel(NioDatagramChannel.class)
                    .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(maxPayload));
        }
        return bootstrap;
    }
}

/**
 * The QUIC transport of quicfiles: Netty QUIC over epoll, io_uring or NIO datagrams, serving the
 * quic-files protocol (ALPN {@code quic-files}). Exports nothing; the server finds it as the
 * {@link org.quicfiles.api.spi.TransportProvider} named {@code quic}.
 */
module org.quicfiles.transport.quic {
    requires org.quicfiles.api;
    requires org.quicfiles.protocol;
    requires org.quicfiles.bridge;
    requires io.netty.codec.classes.quic;
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;

    provides org.quicfiles.api.spi.TransportProvider with org.quicfiles.transport.quic.internal.QuicTransportProvider;
}

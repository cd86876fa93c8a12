/**
 * The quicfiles load tool: drives a quicfiles server, a bare Netty QUIC server, nginx over HTTPS and
 * a raw loopback TCP stream with the same workload, and reports throughput, latency percentiles,
 * errors by code and the server's peak RSS. Run it with {@code load/run}; it exports nothing and
 * opens only its command-line package to picocli.
 */
module org.quicfiles.load {
    requires org.quicfiles.client;
    requires org.quicfiles.protocol;
    requires HdrHistogram;
    requires info.picocli;
    requires java.net.http;
    requires io.netty.codec.classes.quic;
    requires io.netty.transport;
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.handler;

    opens org.quicfiles.load to info.picocli;
}

/**
 * Java client library for the quic-files protocol: {@link org.quicfiles.client.QuicFilesClient}.
 */
module org.quicfiles.client {
    requires transitive org.quicfiles.api;
    // not transitive: the public API takes plain Java values (stream(Map, ...)), decision note 0183
    requires org.quicfiles.protocol;
    requires org.quicfiles.bridge;
    requires io.netty.codec.classes.quic;
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.handler;

    exports org.quicfiles.client;
}

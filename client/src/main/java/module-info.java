/**
 * Java client library for the quic-files protocol: {@link org.quicfiles.client.QuicFilesClient}.
 */
module org.quicfiles.client {
    requires transitive org.quicfiles.api;
    // transitive: stream(Bt.Dict, ...) takes the protocol's bt value, which left the api in api 2 (note 0010)
    requires transitive org.quicfiles.protocol;
    requires org.quicfiles.bridge;
    requires io.netty.codec.classes.quic;
    requires io.netty.transport;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.handler;

    exports org.quicfiles.client;
}

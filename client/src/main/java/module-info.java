/** Java client library for the quic-files protocol. */
module org.quicfiles.client {
    requires transitive org.quicfiles.api;
    requires org.quicfiles.protocol;
    requires io.netty.codec.classes.quic;
}

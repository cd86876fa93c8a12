/** The QUIC transport. */
module org.quicfiles.transport.quic {
    requires org.quicfiles.api;
    requires org.quicfiles.protocol;
    requires io.netty.codec.classes.quic;
}

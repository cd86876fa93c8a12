/** The quic-files wire format shared by server and client. */
module org.quicfiles.protocol {
    requires transitive org.quicfiles.api;
}

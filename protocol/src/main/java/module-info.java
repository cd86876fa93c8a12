/**
 * The quic-files wire format shared by server and client: header blocks, stream-0 frames, GET
 * heads, PUT replies, file ids and server-key pinning. Pure functions over bytes, no I/O.
 */
module org.quicfiles.protocol {
    requires transitive org.quicfiles.api;

    exports org.quicfiles.protocol;
}

/**
 * The quic-files wire format shared by server and client: header blocks, stream-0 frames, GET
 * heads, PUT replies, file ids, content ids and server-key pinning. Pure functions over bytes, no
 * I/O. Endpoint plugins may require it for the file-stream vocabulary (decision 0020).
 */
module org.quicfiles.protocol {
    requires transitive org.quicfiles.api;
    // BLAKE2b for content ids (ContentIds); the JDK has none (decision 0020)
    requires org.bouncycastle.provider;

    exports org.quicfiles.protocol;
}

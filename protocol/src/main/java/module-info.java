/**
 * The quic-files wire format shared by server and client: the bt and JSON codecs (moved here from
 * the api in api version 2, note 0010), stream-0 bodies and frames, header blocks, GET heads, PUT
 * replies, file ids, content ids and server-key pinning. Pure functions over bytes, no I/O.
 * Endpoint plugins may require it for the file-stream vocabulary (decision 0020).
 */
module org.quicfiles.protocol {
    requires transitive org.quicfiles.api;

    exports org.quicfiles.protocol;
}

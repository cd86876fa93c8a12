package org.quicfiles.transport.ngtcp2.internal.ffi;

import java.lang.foreign.MemorySegment;

/**
 * What an endpoint (server or client) does when ngtcp2 calls back about one of its connections.
 * {@code conn} is the {@code user_data} the connection was created with: the endpoint's own id for
 * it. Each method returns 0, or a negative {@code NGTCP2_ERR_*} code to fail the connection; it is
 * called on the connection's thread from inside an ngtcp2 call, so it must not call ngtcp2 functions
 * that the library forbids there (writing packets, deleting the connection). {@link Callbacks}
 * catches anything a method throws: an exception must never unwind into native code.
 */
public interface ConnectionEvents {
    /** Stream data arrived in order; {@code data} is valid only during the call. */
    int streamData(long conn, long streamId, MemorySegment data, boolean fin);

    /** The data about to be given to {@link #streamData} came in 0-RTT (early data, before the handshake ended). */
    default void earlyStreamData(long conn, long streamId) {
    }

    /** The peer acknowledged {@code length} more bytes of the stream from {@code offset}. */
    int streamDataAcked(long conn, long streamId, long offset, long length);

    /** The stream is closed in both directions; {@code code} is the peer's or ours, -1 when none. */
    int streamClosed(long conn, long streamId, long code);

    /** The peer sent RESET_STREAM. */
    int streamReset(long conn, long streamId, long code);

    /** The peer sent STOP_SENDING. */
    int streamStopSending(long conn, long streamId, long code);

    /** The peer opened more of the stream's flow-control window. */
    int streamWindowOpened(long conn, long streamId);

    /** ngtcp2 wants a new connection id of {@code length} bytes and its stateless reset token. */
    int newConnectionId(long conn, MemorySegment cid, MemorySegment token, long length);

    /** A connection id of ours is retired. */
    int connectionIdRetired(long conn, MemorySegment cid);
}

package org.quicfiles.api.endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One file stream as a {@link StreamCommand} sees it: the parsed header block, the request body
 * that follows it, and the response. Not thread-safe: use it from the handler's thread.
 *
 * @since 0.1.0 (api version 1); api version 2 gives the header as a {@link Request}
 */
public interface StreamExchange {
    /**
     * The parsed header block, a {@link Request} of form {@link Request.Form#BT}; its {@code !} names
     * the command, e.g. {@code header().string("#")} is a GET's file id.
     */
    Request header();

    /**
     * Reads request body bytes into {@code dst}, blocking until at least one byte is there or the
     * peer has finished sending.
     *
     * @param dst where the bytes go; at most {@code dst.remaining()} are read
     * @return the number of bytes read, or -1 once the peer has sent FIN and every byte was read
     * @throws StreamAbortedException if the peer reset the stream or the connection was lost
     * @throws IOException on another transport failure
     */
    int read(ByteBuffer dst) throws IOException;

    /**
     * Writes all of {@code src} to the response, blocking while the peer's flow-control window is
     * closed. The bytes are copied: {@code src} may be reused as soon as this returns. The response
     * is not known to end here, so the last byte written may wait for the next write or for the
     * command's return, so that the stream's FIN travels with data; everything before it leaves
     * within about 20 ms. A command that knows where its response ends says so with
     * {@link #write(ByteBuffer, boolean)}.
     *
     * @throws StreamAbortedException if the peer stopped reading (STOP_SENDING or reset)
     * @throws IOException on another transport failure
     */
    void write(ByteBuffer src) throws IOException;

    /**
     * Writes all of {@code src} like {@link #write(ByteBuffer)}; with {@code last}, these are the
     * response's last bytes: they leave at once, with the stream's FIN, and any later write fails.
     * {@code src} may be empty to end a response after earlier writes. The default only writes (the
     * transport then finds the end when the command returns); the server's transports override it.
     *
     * @param last whether {@code src} ends the response
     * @throws StreamAbortedException if the peer stopped reading (STOP_SENDING or reset)
     * @throws IOException on another transport failure, or if the response has already ended
     * @since api version 2
     */
    default void write(ByteBuffer src, boolean last) throws IOException {
        write(src);
    }

    /** The peer's address. */
    InetSocketAddress remoteAddress();
}

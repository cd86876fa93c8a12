package org.quicfiles.api.endpoint;

import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

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

    /**
     * Sends the next {@code count} bytes of {@code source}, as {@link #write(ByteBuffer, boolean)}
     * would send them: with {@code last} they end the response. A transport may read them straight
     * into its own send buffers (the server's transports do: a file read from disk lands in the
     * memory QUIC sends from, one copy instead of three); the default reads them into a heap buffer
     * of up to 64 KiB and writes it. Either way each send buffer is filled before it is
     * sent, so {@code source} may return short reads. An exception thrown by {@code source} passes
     * through unchanged and the response does not end: a source that checks what it reads (a blob
     * that grew or shrank) stops the response before its FIN.
     *
     * @param source read in blocking mode from its current position
     * @param count the number of bytes to send, at least 0
     * @param last whether these bytes end the response
     * @throws EOFException if {@code source} ends before {@code count} bytes
     * @throws StreamAbortedException if the peer stopped reading (STOP_SENDING or reset)
     * @throws IOException from {@code source}, on another transport failure, or if the response has
     *         already ended (the default finds that out only at its first write, after reading up
     *         to 64 KiB of {@code source}; the server's transports check first)
     * @since api version 2
     */
    default void transferFrom(ReadableByteChannel source, long count, boolean last) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
        long left = count;
        do {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            while (buffer.hasRemaining()) {
                if (source.read(buffer) < 0) {
                    throw new EOFException("the source ended " + (left - buffer.position()) + " bytes short");
                }
            }
            left -= buffer.position();
            write(buffer.flip(), last && left == 0);
        } while (left > 0);
    }

    /** The peer's address. */
    InetSocketAddress remoteAddress();
}

package org.quicfiles.bridge;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Fills a send buffer from a channel for {@code StreamExchange.transferFrom}: every transport fills
 * each buffer before it sends it, whatever the size of the channel's reads.
 */
public final class ChannelFill {
    private ChannelFill() {
    }

    /**
     * Reads from {@code source} until {@code dst} is full.
     *
     * @param left the bytes the transfer still wanted when {@code dst} was empty, for the message
     * @throws EOFException if {@code source} ends first
     */
    public static void fully(ReadableByteChannel source, ByteBuffer dst, long left) throws IOException {
        int start = dst.position();
        while (dst.hasRemaining()) {
            if (source.read(dst) < 0) {
                throw new EOFException("the source ended " + (left - (dst.position() - start)) + " bytes short");
            }
        }
    }
}

package org.quicfiles.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import java.net.InetSocketAddress;

/**
 * Sends QUIC packets as one GSO write. Our own because {@code EpollQuicUtils.newSegmentedAllocator()}
 * fails with {@link IllegalAccessError} on the module path (platform notes).
 */
final class SegmentedPacketAllocator implements SegmentedDatagramPacketAllocator {
    /** Segments per GSO send; the kernel allows up to 64. */
    private static final int MAX_SEGMENTS = 10;

    @Override
    public int maxNumSegments() {
        return MAX_SEGMENTS;
    }

    @Override
    public DatagramPacket newPacket(ByteBuf buffer, int segmentSize, InetSocketAddress recipient) {
        return new SegmentedDatagramPacket(buffer, segmentSize, recipient);
    }
}

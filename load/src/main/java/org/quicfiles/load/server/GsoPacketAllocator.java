package org.quicfiles.load.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import io.netty.handler.codec.quic.SegmentedDatagramPacketAllocator;
import java.net.InetSocketAddress;

/**
 * GSO sends for the bare baseline, as the quicfiles transport does them (10 segments per send).
 * Our own because {@code EpollQuicUtils.newSegmentedAllocator()} fails on the module path.
 */
final class GsoPacketAllocator implements SegmentedDatagramPacketAllocator {
    @Override
    public int maxNumSegments() {
        return 10;
    }

    @Override
    public DatagramPacket newPacket(ByteBuf buffer, int segmentSize, InetSocketAddress recipient) {
        return new SegmentedDatagramPacket(buffer, segmentSize, recipient);
    }
}

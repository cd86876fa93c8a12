package org.quicfiles.transport.ngtcp2.internal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import org.quicfiles.transport.ngtcp2.internal.ffi.UdpSocket;

/**
 * Packets written back to back and sent together: consecutive packets of one size to one address
 * (the last may be shorter) leave in one GSO send; anything else closes the batch. Writers take
 * {@link #room()} for the next packet and hand it over with {@link #add}; the loop calls
 * {@link #flush()} before it waits. Without GSO every packet leaves as it is added.
 * Loop thread only.
 */
final class SendBatch {
    private final UdpSocket socket;
    private final int maxPacket;
    private final MemorySegment buffer;
    private final int capacity;
    private final System.Logger logger;
    private int used;
    private int count;
    private int segmentSize;
    private InetSocketAddress to;
    private boolean gsoReported;

    SendBatch(UdpSocket socket, int maxPacket, Arena arena, System.Logger logger) {
        this.socket = socket;
        this.maxPacket = maxPacket;
        this.capacity = Math.max(maxPacket, Math.min(UdpSocket.MAX_GSO_BYTES, UdpSocket.MAX_SEGMENTS * maxPacket));
        this.buffer = arena.allocate(capacity + maxPacket, 64);
        this.logger = logger;
    }

    /** Room for the next packet ({@code maxPacket} bytes); the same until {@link #add} takes it. */
    MemorySegment room() {
        return buffer.asSlice(used, maxPacket);
    }

    /** The packet of {@code length} bytes just written into {@link #room()} goes to {@code to}. */
    void add(long length, InetSocketAddress to) {
        int n = (int) length;
        if (count > 0 && (n > segmentSize || !to.equals(this.to))) {
            int packet = used;
            flush();
            MemorySegment.copy(buffer, packet, buffer, 0, n); // the new packet starts the next batch
            used = 0;
        }
        if (count == 0) {
            segmentSize = n;
            this.to = to;
        }
        used += n;
        count++;
        if (n < segmentSize || count == UdpSocket.MAX_SEGMENTS || used + maxPacket > capacity || !socket.gso()) {
            flush(); // a shorter packet can only be the last segment
        }
    }

    /** Sends what the batch holds. */
    void flush() {
        if (count == 0) {
            return;
        }
        boolean gso = socket.gso();
        try {
            socket.send(buffer, used, count == 1 ? used : segmentSize, to);
        } catch (IOException e) {
            // as a lost packet: QUIC's recovery resends what mattered
            logger.log(System.Logger.Level.DEBUG, () -> "send to " + to + " failed: " + e.getMessage());
        }
        if (gso && !socket.gso() && !gsoReported) {
            gsoReported = true;
            logger.log(System.Logger.Level.INFO, "ngtcp2 transport: the kernel refused GSO (" + socket.gsoProblem()
                    + "); one datagram per send from now on");
        }
        used = 0;
        count = 0;
        to = null;
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongConsumer;
import java.util.function.ToLongFunction;
import org.quicfiles.transport.ngtcp2.internal.ffi.Abi;
import org.quicfiles.transport.ngtcp2.internal.ffi.Ngtcp2;

/**
 * One connection's streams with bytes or a FIN to send, and the loop that packs them into packets
 * with {@code ngtcp2_conn_writev_stream}: round-robin, one stream per packet turn (with
 * {@code WRITE_STREAM_FLAG_MORE}, so small writes of several streams share a packet), a blocked or
 * shut stream dropped from the turn until it is queued again, then the connection's own frames.
 * Used on the connection's thread only; the server and the libquic-shaped test client share it.
 *
 * @param <S> the caller's stream type
 */
final class StreamPacketWriter<S> {
    private static final int MAX_VECS = 16;

    private final ArrayDeque<S> sendable = new ArrayDeque<>();
    private final Set<S> queued = Collections.newSetFromMap(new IdentityHashMap<>());
    private final ToLongFunction<S> streamId;
    private final Function<S, SendBuffer> buffer;

    StreamPacketWriter(ToLongFunction<S> streamId, Function<S, SendBuffer> buffer) {
        this.streamId = streamId;
        this.buffer = buffer;
    }

    /** Puts {@code stream} in the turn if it has something to send and is not there yet. */
    void queue(S stream) {
        if (!queued.contains(stream) && buffer.apply(stream).hasUnsent()) {
            queued.add(stream);
            sendable.add(stream);
        }
    }

    /** Takes {@code stream} out of the turn (closed, reset or blocked); nothing if it is not there. */
    void remove(S stream) {
        if (queued.remove(stream)) {
            sendable.remove(stream);
        }
    }

    void clear() {
        queued.clear();
        sendable.clear();
    }

    /**
     * Writes packets until ngtcp2 has nothing more (or congestion control says wait) or
     * {@code maxPackets} are out; each goes to {@code send} with its length in {@code dest} and the
     * path it must take in {@code path}.
     *
     * @param path an {@code ngtcp2_path} whose addresses point to room for a {@code sockaddr_storage}
     *        each: ngtcp2 fills it per packet (the current path, or another one it validates or probes)
     * @param vecs room for {@value #MAX_VECS} {@code ngtcp2_vec}s
     * @return the packets written, or a negative ngtcp2 error that fails the connection
     */
    long write(MemorySegment conn, MemorySegment path, MemorySegment packetInfo, MemorySegment dest, long destLength,
               MemorySegment pdatalen, MemorySegment vecs, int maxPackets, long now, LongConsumer send) {
        return write(conn, path, packetInfo, new PacketSink() {
            @Override
            public MemorySegment room() {
                return dest;
            }

            @Override
            public void sent(long length) {
                send.accept(length);
            }
        }, destLength, pdatalen, vecs, maxPackets, now);
    }

    /** Where {@link #write} puts packets, one after another. */
    interface PacketSink {
        /** Room of at least the packet length for the next packet; the same until {@link #sent}. */
        MemorySegment room();

        /** The packet of {@code length} bytes in the last {@link #room()} is complete. */
        void sent(long length);
    }

    /**
     * As {@link #write(MemorySegment, MemorySegment, MemorySegment, MemorySegment, long, MemorySegment,
     * MemorySegment, int, long, LongConsumer)}, each packet written into {@code sink}'s next room.
     */
    long write(MemorySegment conn, MemorySegment path, MemorySegment packetInfo, PacketSink sink, long destLength,
               MemorySegment pdatalen, MemorySegment vecs, int maxPackets, long now) {
        int packets = 0;
        MemorySegment dest = sink.room();
        while (packets < maxPackets) {
            S stream = sendable.peek();
            SendBuffer data = stream == null ? null : buffer.apply(stream);
            long id = -1;
            int vecCount = 0;
            int flags = Abi.WRITE_STREAM_FLAG_MORE;
            if (data != null) {
                id = streamId.applyAsLong(stream);
                vecCount = data.fillVecs(vecs, MAX_VECS);
                if (data.finQueued() && data.lastFillCoversAll()) {
                    flags |= Abi.WRITE_STREAM_FLAG_FIN;
                }
            }
            packetInfo.fill((byte) 0);
            long n = Ngtcp2.connWritevStream(conn, path, packetInfo, dest, destLength, pdatalen, flags,
                    id, vecs, vecCount, now);
            long written = pdatalen.get(JAVA_LONG, 0);
            boolean fin = (flags & Abi.WRITE_STREAM_FLAG_FIN) != 0;
            if (n < 0) {
                if (n == Abi.ERR_WRITE_MORE) {
                    data.consumed(written, fin);
                    rotate(stream, data);
                    continue;
                }
                if (n == Abi.ERR_STREAM_DATA_BLOCKED || n == Abi.ERR_STREAM_SHUT_WR || n == Abi.ERR_STREAM_NOT_FOUND) {
                    // blocked by the stream's window (extend_max_stream_data queues it again) or gone
                    remove(stream);
                    continue;
                }
                return n;
            }
            if (data != null && written >= 0) {
                data.consumed(written, fin);
            }
            if (n == 0) {
                break;
            }
            sink.sent(n);
            packets++;
            dest = sink.room();
            if (data != null) {
                rotate(stream, data);
            }
        }
        return packets;
    }

    /** The head stream had its turn: to the back if it has more, out of the turn otherwise. */
    private void rotate(S stream, SendBuffer data) {
        sendable.poll();
        if (data.hasUnsent()) {
            sendable.add(stream);
        } else {
            queued.remove(stream);
        }
    }
}

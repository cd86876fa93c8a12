package org.quicfiles.transport.ngtcp2.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.ArrayDeque;
import org.quicfiles.transport.ngtcp2.internal.ffi.Abi;

/**
 * One stream's outgoing bytes in native memory: queued by the stream's writer, handed to ngtcp2
 * (which keeps pointing at them until the peer acknowledges them) and freed on acknowledgement or
 * when the stream or connection ends. Offsets count from the stream's first byte. Used on the
 * connection's event loop only.
 */
final class SendBuffer {
    private record Chunk(MemorySegment segment, long start) {
        long end() {
            return start + segment.byteSize();
        }
    }

    private final SendMemory memory;
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private long queued;
    private long sent;
    private long acked;
    private boolean finQueued;
    private boolean finSent;
    private boolean closed;

    SendBuffer(SendMemory memory) {
        this.memory = memory;
    }

    /** Takes ownership of {@code segment} (from {@link SendMemory}); frees it at once if the stream is gone. */
    void add(MemorySegment segment) {
        if (closed || finQueued) {
            memory.free(segment);
            return;
        }
        chunks.add(new Chunk(segment, queued));
        queued += segment.byteSize();
    }

    /** The writer is done: FIN follows the last byte. */
    void finish() {
        if (!closed) {
            finQueued = true;
        }
    }

    boolean hasUnsent() {
        return !closed && (sent < queued || (finQueued && !finSent));
    }

    /**
     * Describes unsent bytes as {@code ngtcp2_vec}s in {@code vecs}, at most {@code max} of them.
     *
     * @return the number of vecs; {@link #lastFillCoversAll()} tells whether they hold every unsent byte
     */
    int fillVecs(MemorySegment vecs, int max) {
        int n = 0;
        long covered = 0;
        for (Chunk chunk : chunks) {
            if (n == max) {
                break;
            }
            if (chunk.end() <= sent) {
                continue;
            }
            long from = Math.max(0, sent - chunk.start());
            long length = chunk.segment().byteSize() - from;
            vecs.set(ADDRESS, n * Abi.VEC_SIZE + Abi.VEC_BASE, chunk.segment().asSlice(from));
            vecs.set(JAVA_LONG, n * Abi.VEC_SIZE + Abi.VEC_LEN, length);
            covered += length;
            n++;
        }
        coversAll = covered == queued - sent;
        return n;
    }

    private boolean coversAll;

    boolean lastFillCoversAll() {
        return coversAll;
    }

    boolean finQueued() {
        return finQueued;
    }

    /** ngtcp2 took {@code bytes} more into packets, and the FIN with them when {@code fin} was asked and all fit. */
    void consumed(long bytes, boolean fin) {
        sent += bytes;
        if (fin && sent == queued) {
            finSent = true;
        }
    }

    /** The peer acknowledged up to {@code end}: frees every chunk before it. */
    void acked(long end) {
        acked = Math.max(acked, end);
        while (!chunks.isEmpty() && chunks.peekFirst().end() <= acked) {
            memory.free(chunks.pollFirst().segment());
        }
    }

    /** The stream is gone: frees everything; later {@link #add}s free their segment at once. */
    void close() {
        closed = true;
        Chunk chunk;
        while ((chunk = chunks.poll()) != null) {
            memory.free(chunk.segment());
        }
    }

    /** Bytes queued but not yet acknowledged. */
    long unacknowledged() {
        return queued - acked;
    }
}

package org.quicfiles.bridge;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;

/**
 * The inbound half of a blocking stream bridge: the bytes the peer sent that the reader has not
 * read yet. Frames are copied together into chunks of {@link #CHUNK} bytes, so that a transport
 * can free each frame (and the allocator chunk it pins) at once, and the queue is counted by the
 * memory of its chunks, not by the bytes in them (decision note 0204). Past {@link #HIGH} bytes of
 * memory the owner is told to stop reading (QUIC flow control then holds the peer back); below
 * {@link #LOW} to read again.
 *
 * <p>Not thread-safe: the owner guards it with its own lock.
 */
public final class InboundQueue {
    /** The size of one chunk. */
    public static final int CHUNK = 64 * 1024;
    /** Memory at which reading pauses. */
    public static final int HIGH = 256 * 1024;
    /** Memory at or below which a paused reading resumes. */
    public static final int LOW = 64 * 1024;

    /** Where chunks come from: the transport's allocator. */
    public interface Memory {
        /** A chunk of exactly {@code capacity} bytes. */
        Chunk allocate(int capacity);
    }

    /**
     * One chunk of memory: {@code buffer} spans all of it, {@code release} gives it back.
     *
     * @param buffer the chunk's bytes, position and limit ignored
     * @param release called once when the chunk is no longer needed
     */
    public record Chunk(ByteBuffer buffer, Runnable release) {
    }

    private static final class Entry {
        final Chunk chunk;
        int readAt;
        int writtenTo;

        Entry(Chunk chunk) {
            this.chunk = chunk;
        }
    }

    private final Memory memory;
    private final ArrayDeque<Entry> chunks = new ArrayDeque<>();
    private boolean paused;

    /** A queue that takes its chunks from {@code memory}. */
    public InboundQueue(Memory memory) {
        this.memory = memory;
    }

    /** A queue of heap chunks (for tests and transports without an allocator of their own). */
    public static InboundQueue onHeap() {
        return new InboundQueue(capacity -> new Chunk(ByteBuffer.allocate(capacity), () -> { }));
    }

    /**
     * Copies the remaining bytes of {@code frame} into the queue (the frame's position moves to its limit).
     *
     * @return true if reading must pause now (the queue just reached {@link #HIGH})
     */
    public boolean add(ByteBuffer frame) {
        while (frame.hasRemaining()) {
            Entry tail = chunks.peekLast();
            if (tail == null || tail.writtenTo == CHUNK) {
                tail = new Entry(memory.allocate(CHUNK));
                chunks.add(tail);
            }
            int n = Math.min(frame.remaining(), CHUNK - tail.writtenTo);
            tail.chunk.buffer().put(tail.writtenTo, frame, frame.position(), n);
            frame.position(frame.position() + n);
            tail.writtenTo += n;
        }
        if (!paused && memory() >= HIGH) {
            paused = true;
            return true;
        }
        return false;
    }

    /** Moves as many queued bytes as fit into {@code dst}; returns how many. */
    public int drainTo(ByteBuffer dst) {
        int moved = 0;
        while (dst.hasRemaining() && !chunks.isEmpty()) {
            Entry head = chunks.peek();
            int n = Math.min(head.writtenTo - head.readAt, dst.remaining());
            dst.put(dst.position(), head.chunk.buffer(), head.readAt, n);
            dst.position(dst.position() + n);
            head.readAt += n;
            moved += n;
            if (head.readAt == head.writtenTo) {
                chunks.poll().chunk.release().run();
            }
        }
        return moved;
    }

    /** After a drain: true if reading was paused and may resume now (the queue is at or below {@link #LOW}). */
    public boolean resumeIfLow() {
        if (paused && memory() <= LOW) {
            paused = false;
            return true;
        }
        return false;
    }

    /** Whether no unread byte is queued. */
    public boolean isEmpty() {
        // a chunk is freed as soon as it is read up, and never queued empty
        return chunks.isEmpty();
    }

    /** Whether reading is paused by this queue. */
    public boolean paused() {
        return paused;
    }

    /** The memory the queue holds: whole chunks, read or not. */
    public int memory() {
        return chunks.size() * CHUNK;
    }

    /**
     * Frees every chunk (nobody will read any more).
     *
     * @return true if reading was paused by this queue (the owner resumes it, or accounts for it)
     */
    public boolean clear() {
        Entry e;
        while ((e = chunks.poll()) != null) {
            e.chunk.release().run();
        }
        boolean was = paused;
        paused = false;
        return was;
    }
}

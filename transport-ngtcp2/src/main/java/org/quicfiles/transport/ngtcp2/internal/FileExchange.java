package org.quicfiles.transport.ngtcp2.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.AccessLog;
import org.quicfiles.bridge.ChannelFill;
import org.quicfiles.bridge.MinimumRate;
import org.quicfiles.bridge.OutboundWindow;
import org.quicfiles.bridge.PeerWatchdog;

/**
 * The blocking {@link StreamExchange} a stream command's virtual thread sees, over an ngtcp2 stream
 * owned by the event loop.
 *
 * <p>Backpressure is ngtcp2's own flow control: inbound bytes are copied out of the packet as they
 * arrive, and the stream's window is extended only by what the command has read, so a command
 * that stops reading stops its peer after one window. Outbound bytes are copied (or, by
 * {@link #transferFrom}, read straight from their source) into native chunks of at most
 * {@link #CHUNK} bytes that ngtcp2 sends from and frees on acknowledgement; the writer
 * parks while more than {@link #MAX_UNACKED} bytes are unacknowledged. FIN is queued when the
 * command returns and leaves with the last bytes or alone, as ngtcp2 packs it; when the loop has not
 * yet taken the last chunk, FIN joins that chunk's task instead of a task of its own, so that a small
 * answer costs the loop one task and one wake-up (decision note 0304). A read or write
 * waiting longer than the stall timeout without progress aborts the exchange and resets the stream
 * with 499, and so does a peer slower than {@code min-rate} over the time the command waits on it
 * ({@link MinimumRate}, as on the Netty transport, decision notes 0151 and 0161).
 *
 * <p>Methods named {@code on…} run on the event loop; the others on the command's thread.
 */
final class FileExchange implements StreamExchange {
    static final int CHUNK = 64 * 1024;
    static final long MAX_UNACKED = 1L << 20;
    /**
     * A writer that had to wait for acknowledgements wakes when this much fits, then writes that
     * much without waiting: a 10 MB download took ~1,800 thread switches with a wake-up at every
     * ACK, ~950 with one per chunk and ~600 with one per four chunks, at 20-35 % less server CPU
     * (decision note 0192).
     */
    static final int WAKE_ROOM = 4 * CHUNK;
    static final int INBOUND_CHUNK = 16 * 1024;
    private static final long NOT_ABORTED = Long.MIN_VALUE;

    private final StreamOwner owner;
    private final long streamId;
    private final Request header;
    private final InetSocketAddress remote;
    /** Guarded by {@link #lock}, as is {@link #outbound}: stall timeout and minimum rate (shared with the Netty bridge). */
    private final PeerWatchdog watchdog;
    private final AbuseLog abuse;
    /** What the command read and wrote, for the access line (the command's thread only). */
    private final AccessLog.Transfer transfer;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /**
     * Inbound bytes in heap chunks of up to {@link #INBOUND_CHUNK}: packets are appended to the last
     * one while it has room, and a drained chunk is kept as {@link #spare}, so that a reader that
     * keeps up allocates next to nothing (one array per packet was half the heap allocation of P4,
     * note 0431).
     */
    private final ArrayDeque<ByteBuffer> inbound = new ArrayDeque<>();
    private ByteBuffer spare;
    private boolean inputDone;
    /** Bytes in {@link #inbound} (guarded by the lock). */
    private long queued;
    /** Bytes given to ngtcp2 and not yet acknowledged. */
    private final OutboundWindow outbound = new OutboundWindow(MAX_UNACKED);
    /** The room in {@link #outbound} a waiting writer is woken for (at least {@link #WAKE_ROOM}); 0 while none waits. */
    private int awaitedRoom;
    private long abortCode = NOT_ABORTED;
    private String abortReason;
    private boolean finished;
    /** The last chunk's task, which FIN may still join (the command's thread only). */
    private Send lastSend;
    /** FIN is on its way, by an explicit last write or the command's return (the command's thread only). */
    private boolean ended;

    /** The event-loop side an exchange talks to. */
    interface StreamOwner {
        /** Runs {@code task} on the event loop. */
        void execute(Runnable task);

        /** Loop only: the command read {@code bytes}; open the peer's window by as much. */
        void consumed(long streamId, long bytes);

        /** The server-wide budget the chunks given to {@link #send} come from. */
        SendMemory sendMemory();

        /** Loop only: queue a native chunk (ownership passes) for sending. */
        void send(long streamId, MemorySegment chunk);

        /** Loop only: FIN after everything queued. */
        void finish(long streamId);

        /** Loop only: RESET_STREAM and STOP_SENDING with {@code code}. */
        void reset(long streamId, long code);

        /** Loop only: runs {@code action} on the loop after {@code delayNanos} (it checks itself whether it is still wanted). */
        void schedule(long delayNanos, Runnable action);

        /**
         * Bytes queued for the commands of the whole connection and not yet read (any thread): while
         * other streams hold the connection's window unread, a read's wait is the server's, not its
         * peer's.
         */
        java.util.concurrent.atomic.AtomicLong unreadOnConnection();
    }

    /** Unread bytes of sibling streams beyond which a reader's wait does not count as its peer stalling. */
    static final long SIBLINGS_HOLD_WINDOW = 64 * 1024;

    FileExchange(StreamOwner owner, long streamId, Request header, InetSocketAddress remote, Duration stallTimeout,
                 MinimumRate minimumRate, AbuseLog abuse) {
        this.watchdog = new PeerWatchdog(stallTimeout, minimumRate);
        this.abuse = abuse;
        this.owner = owner;
        this.streamId = streamId;
        this.header = header;
        this.remote = remote;
        this.transfer = new AccessLog.Transfer(header);
    }

    @Override
    public Request header() {
        return header;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    /** The access line of this stream, which ended with {@code result} ({@link AccessLog#OK} or its reset code). */
    AccessLog.Entry accessEntry(String connection, int result) {
        return transfer.entry(remote, connection, streamId, result);
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        int n = 0;
        lock.lock();
        try {
            watchdog.progress();
            while (inbound.isEmpty()) {
                throwIfAborted();
                if (inputDone) {
                    return -1;
                }
                if (!dst.hasRemaining()) {
                    return 0;
                }
                awaitPeer(true);
            }
            throwIfAborted();
            while (dst.hasRemaining() && !inbound.isEmpty()) {
                ByteBuffer head = inbound.peek();
                int chunk = Math.min(head.remaining(), dst.remaining());
                dst.put(dst.position(), head, head.position(), chunk);
                dst.position(dst.position() + chunk);
                head.position(head.position() + chunk);
                if (!head.hasRemaining()) {
                    inbound.poll();
                    spare = head;
                }
                n += chunk;
            }
            watchdog.moved(n);
            queued -= n;
        } finally {
            lock.unlock();
        }
        transfer.read(n);
        owner.unreadOnConnection().addAndGet(-n);
        long consumed = n;
        owner.execute(() -> owner.consumed(streamId, consumed));
        return n;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        write(src, false);
    }

    /** With {@code last}, FIN joins the last chunk's task: it leaves with those bytes, not at the command's return. */
    @Override
    public void write(ByteBuffer src, boolean last) throws IOException {
        requireNotEnded();
        if (!src.hasRemaining() && last) {
            endResponse();
            return;
        }
        while (src.hasRemaining()) {
            int n = Math.min(CHUNK, src.remaining());
            MemorySegment chunk = takeChunk(n);
            transfer.write(src.slice(src.position(), n));
            MemorySegment.copy(MemorySegment.ofBuffer(src), 0, chunk, 0, n);
            src.position(src.position() + n);
            queue(chunk, last && !src.hasRemaining());
        }
    }

    /**
     * Reads {@code source} straight into the native chunks ngtcp2 sends from (a blob on local disk:
     * page cache to send memory, one copy), each filled before it goes to the loop.
     */
    @Override
    public void transferFrom(ReadableByteChannel source, long count, boolean last) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        requireNotEnded();
        if (count == 0 && last) {
            endResponse();
        }
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(CHUNK, left);
            MemorySegment chunk = takeChunk(n);
            ByteBuffer fill = chunk.asByteBuffer();
            try {
                ChannelFill.fully(source, fill, left);
            } catch (Throwable e) {
                owner.sendMemory().free(chunk);
                giveBack(n);
                throw e;
            }
            transfer.write(fill.flip());
            left -= n;
            queue(chunk, last && left == 0);
        }
    }

    private void requireNotEnded() throws IOException {
        if (ended) {
            throw new IOException("the response has ended");
        }
    }

    /**
     * Waits until the stream's window and the server's send memory have room for {@code n} more
     * bytes, and takes a native chunk of that size, counted as unacknowledged.
     */
    private MemorySegment takeChunk(int n) throws IOException {
        lock.lock();
        try {
            watchdog.progress();
            while (abortCode == NOT_ABORTED && !outbound.hasRoom(n)) {
                awaitedRoom = Math.max(n, WAKE_ROOM);
                awaitPeer(false);
            }
            awaitedRoom = 0;
            throwIfAborted();
            if (finished) {
                throw new IOException("the exchange is finished");
            }
            outbound.taken(n);
        } finally {
            lock.unlock();
        }
        MemorySegment chunk;
        try {
            // the server's own wait, not the peer's: it does not count towards the stall timeout
            chunk = owner.sendMemory().allocate(n, this::abortedOrFinished);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            giveBack(n);
            throw new java.io.InterruptedIOException("interrupted while waiting for send memory");
        }
        if (chunk == null) {
            giveBack(n);
            lock.lock();
            try {
                throwIfAborted();
            } finally {
                lock.unlock();
            }
            throw new IOException("the exchange is finished");
        }
        return chunk;
    }

    /** Hands a filled chunk to the loop; with {@code fin}, the stream's FIN leaves with it. */
    private void queue(MemorySegment chunk, boolean fin) {
        lastSend = new Send(chunk);
        if (fin) {
            ended = true;
            lastSend.joinFin();
        }
        owner.execute(lastSend);
    }

    private void endResponse() {
        ended = true;
        sendFin();
    }

    private boolean abortedOrFinished() {
        lock.lock();
        try {
            return abortCode != NOT_ABORTED || finished;
        } finally {
            lock.unlock();
        }
    }

    /** A chunk counted in {@link #outbound} was not sent after all. */
    private void giveBack(long bytes) {
        lock.lock();
        try {
            outbound.done(bytes);
        } finally {
            lock.unlock();
        }
    }

    private void awaitPeer(boolean reader) {
        PeerWatchdog.Verdict expired = watchdog.expired();
        if (expired != PeerWatchdog.Verdict.WAIT) {
            peerOutOfTime(expired);
            return;
        }
        try {
            long wait = watchdog.waitNanos(Long.MAX_VALUE);
            long remaining = changed.awaitNanos(wait);
            // other streams of the connection hold its window unread: the peer cannot send us more
            boolean ownWait = reader && owner.unreadOnConnection().get() - queued > SIBLINGS_HOLD_WINDOW;
            PeerWatchdog.Verdict verdict = watchdog.waited(wait - remaining, ownWait);
            if (verdict != PeerWatchdog.Verdict.WAIT) {
                peerOutOfTime(verdict);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortLocked(-1, "interrupted");
        }
    }

    private void peerOutOfTime(PeerWatchdog.Verdict verdict) {
        if (abortCode == NOT_ABORTED) {
            abuse.record(verdict == PeerWatchdog.Verdict.TOO_SLOW ? AbuseLog.Cause.MIN_RATE : AbuseLog.Cause.STALL);
        }
        abortAndReset(watchdog.describe(verdict));
    }

    /** The peer stalled or crawled: release the command and reset the stream with 499. */
    private void abortAndReset(String reason) {
        abortLocked(-1, reason);
        owner.execute(() -> owner.reset(streamId, ErrorCode.ABANDONED.wireCode()));
    }

    /** The command returned: FIN after what it wrote; what it left unread gives its window back. */
    void complete() {
        lock.lock();
        try {
            finished = true;
            dropQueuedLocked();
        } finally {
            lock.unlock();
        }
        if (!ended) {
            endResponse();
        }
    }

    /** FIN after everything written: with the last chunk if the loop has not taken it yet. */
    private void sendFin() {
        if (lastSend == null || !lastSend.joinFin()) {
            owner.execute(() -> owner.finish(streamId));
        }
    }

    /** A chunk on its way to the loop; FIN can join it until the loop runs it. */
    private final class Send implements Runnable {
        private static final int QUEUED = 0;
        private static final int TAKEN = 1;
        private static final int WITH_FIN = 2;
        private final MemorySegment chunk;
        private final java.util.concurrent.atomic.AtomicInteger state = new java.util.concurrent.atomic.AtomicInteger(QUEUED);

        Send(MemorySegment chunk) {
            this.chunk = chunk;
        }

        /** Whether FIN will leave with this chunk (false once the loop has taken it). */
        boolean joinFin() {
            return state.compareAndSet(QUEUED, WITH_FIN);
        }

        @Override
        public void run() {
            boolean fin = !state.compareAndSet(QUEUED, TAKEN);
            owner.send(streamId, chunk);
            if (fin) {
                owner.finish(streamId);
            }
        }
    }

    /** The command failed: reset the stream with {@code wireCode}. */
    void fail(long wireCode) {
        lock.lock();
        try {
            finished = true;
            dropQueuedLocked();
        } finally {
            lock.unlock();
        }
        owner.execute(() -> owner.reset(streamId, wireCode));
    }

    /**
     * Forgets the queued bytes nobody will read and gives their flow-control credit back, so that
     * the peer's remaining bytes and FIN can still arrive and the connection's window is not lost.
     */
    private void dropQueuedLocked() {
        inbound.clear();
        spare = null;
        long dropped = queued;
        queued = 0;
        if (dropped > 0) {
            owner.unreadOnConnection().addAndGet(-dropped);
            owner.execute(() -> owner.consumed(streamId, dropped));
        }
    }

    private void append(MemorySegment data) {
        int n = (int) data.byteSize();
        ByteBuffer tail = inbound.peekLast();
        if (tail == null || tail.capacity() - tail.limit() < n) {
            // as large as what waits already, up to a chunk: a reader that keeps up holds packet-sized
            // arrays, not a 16 KiB one per stream (256 uploads on a 40 MiB heap, --memory 128M)
            int size = (int) Math.max(n, Math.min(INBOUND_CHUNK, queued));
            tail = spare != null && spare.capacity() >= n ? spare : ByteBuffer.allocate(size);
            spare = null;
            tail.position(0).limit(0);
            inbound.add(tail);
        }
        MemorySegment.copy(data, ValueLayout.JAVA_BYTE, 0, tail.array(), tail.arrayOffset() + tail.limit(), n);
        tail.limit(tail.limit() + n);
    }

    // ---- event-loop side ----

    /**
     * Bytes arrived (valid only during the call: copied).
     *
     * @return the bytes dropped because nobody will read them any more: the caller gives their
     *         flow-control credit back at once
     */
    long onData(MemorySegment data, boolean fin) {
        lock.lock();
        try {
            long dropped = 0;
            if (data.byteSize() > 0) {
                if (!finished && abortCode == NOT_ABORTED) {
                    append(data);
                    queued += data.byteSize();
                    owner.unreadOnConnection().addAndGet(data.byteSize());
                } else {
                    dropped = data.byteSize();
                }
            }
            if (fin) {
                inputDone = true;
            }
            watchdog.progress();
            changed.signalAll();
            return dropped;
        } finally {
            lock.unlock();
        }
    }

    void onAcked(long bytes) {
        lock.lock();
        try {
            outbound.done(bytes);
            watchdog.moved(bytes);
            watchdog.progress();
            // an ACK frees a few packets' worth: wake the writer once WAKE_ROOM fits, not at every
            // ACK; progress is recorded either way, so the stall and rate checks see it when the
            // writer wakes
            if (awaitedRoom > 0 && outbound.hasRoom(awaitedRoom)) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void onWindowOpened() {
        lock.lock();
        try {
            watchdog.progress();
        } finally {
            lock.unlock();
        }
    }

    /** RESET_STREAM, STOP_SENDING, the stream's close or the connection's. */
    void onAbort(long peerCode, String reason) {
        lock.lock();
        try {
            abortLocked(peerCode, reason);
        } finally {
            lock.unlock();
        }
    }

    private void abortLocked(long code, String reason) {
        if (abortCode == NOT_ABORTED) {
            abortCode = code;
            abortReason = reason;
        }
        dropQueuedLocked();
        changed.signalAll();
    }

    private void throwIfAborted() throws StreamAbortedException {
        if (abortCode != NOT_ABORTED) {
            throw new StreamAbortedException(abortCode, abortReason);
        }
    }
}

package org.quicfiles.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.AccessLog;
import org.quicfiles.bridge.MinimumRate;

/**
 * The blocking {@link StreamExchange} a stream command's virtual thread sees, bridged to a Netty
 * QUIC stream (decision note 0100).
 *
 * <p>Inbound buffers queue up to {@link #INBOUND_HIGH} bytes of memory, then the channel's autoRead
 * is switched off so that the data stays in QUIC's receive buffer and the peer's window stops
 * opening; reading resumes below {@link #INBOUND_LOW}. QUIC hands over ~1.5 KiB frames in buffers
 * of several KiB carved from shared allocator chunks, so frames are copied together into buffers of
 * {@link #CHUNK} bytes and freed at once, and the queue is counted by capacity: queuing the frames
 * themselves, 256 uploads waiting for their storage held several times their 256 KiB each and
 * exhausted direct memory at {@code -Xmx128m} (decision note 0204). Writes are copied into pooled direct buffers of at
 * most {@link #CHUNK} bytes and the writer parks while the stream is not writable or more than
 * {@link #MAX_IN_FLIGHT} bytes are not yet accepted by QUIC. Memory per stream is thus bounded by a
 * few hundred KiB in each direction, whatever the transfer size. A read or write that waits on the
 * peer longer than the stall timeout without progress aborts the exchange and resets the stream
 * with 499 (decision note 0151), and so does a peer whose transfer rate, measured only over the time
 * the command waits on it, falls below {@code min-rate} ({@link org.quicfiles.bridge.MinimumRate}, decision note 0161).
 * A read's wait while another stream of the connection has stopped reading is the server's, not
 * the peer's, and counts for neither ({@link ConnectionReadPauses}).
 *
 * <p>The last chunk written is held back until the next write or {@link #complete}, which sends it
 * with FIN in one frame; if the handler pauses {@link #FLUSH_DELAY_MILLIS}, all of it but its last
 * byte goes out alone. A FIN is never written without data (unless nothing was written): quiche (Netty 4.2.18)
 * forgets a FIN written alone when the peer acknowledges all the data before the FIN-only frame
 * could go out (a full congestion window), and the download never ends (decision note 0163).
 *
 * <p>Methods named {@code on…} run on the stream's event loop; {@link #read}, {@link #write},
 * {@link #complete} and {@link #fail} on the handler's thread.
 */
final class FileStreamExchange implements StreamExchange {
    static final int CHUNK = 64 * 1024;
    static final int INBOUND_HIGH = 256 * 1024;
    static final int INBOUND_LOW = 64 * 1024;
    static final int MAX_IN_FLIGHT = 256 * 1024;

    private static final long NOT_ABORTED = Long.MIN_VALUE;
    private static final long OUTPUT_CHECK_MILLIS = 250;
    /** How long the last chunk written may wait for the next write or the end before it is sent alone. */
    static final long FLUSH_DELAY_MILLIS = 20;

    private final QuicStreamChannel channel;
    private final Request header;
    private final InetSocketAddress remote;
    private final long stallNanos;
    /** Guarded by {@link #lock}. */
    private final MinimumRate minimumRate;
    /** What the command read and wrote, for the access line (the command's thread only). */
    private final AccessLog.Transfer transfer;
    private final AbuseLog abuse;
    private final ConnectionReadPauses connectionPauses;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Our own buffers of {@link #CHUNK} bytes each; only the last one is still being filled. */
    private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();
    private boolean inputDone;
    private boolean readPaused;
    private boolean writable = true;
    private int inFlight;
    private long abortCode = NOT_ABORTED;
    private String abortReason;
    private boolean finished;
    /** The newest chunk, not yet given to the channel (guarded by {@link #lock}). */
    private ByteBuf heldBack;
    private boolean flushScheduled;
    private long heldSince;
    /** When the handler last saw progress from the peer, or began to wait for it (System.nanoTime). */
    private long lastProgress;

    /**
     * @param stallTimeout how long a read or write may wait on the peer without progress before the
     *        stream is aborted and reset with 499
     * @param minimumRate the rate the peer must keep up while the command waits on it, else 499
     */
    FileStreamExchange(QuicStreamChannel channel, Request header, InetSocketAddress remote, Duration stallTimeout,
                       MinimumRate minimumRate, AbuseLog abuse) {
        this.abuse = abuse;
        this.channel = channel;
        this.header = header;
        this.remote = remote;
        this.stallNanos = stallTimeout.toNanos();
        this.minimumRate = minimumRate;
        this.connectionPauses = ConnectionReadPauses.of(channel.parent());
        this.transfer = new AccessLog.Transfer(header);
    }

    /** The access line of this stream, which ended with {@code result} ({@link AccessLog#OK} or its reset code). */
    AccessLog.Entry accessEntry(int result) {
        return transfer.entry(remote, channel.parent().id().asShortText(), channel.streamId(), result);
    }

    @Override
    public Request header() {
        return header;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        lock.lock();
        try {
            lastProgress = System.nanoTime();
            while (inbound.isEmpty()) {
                throwIfAborted();
                if (inputDone) {
                    return -1;
                }
                if (!dst.hasRemaining()) {
                    return 0;
                }
                awaitPeer(false);
            }
            throwIfAborted();
            // drain as many queued buffers as fit: QUIC delivers ~1 KiB frames, reads want 64 KiB
            int n = 0;
            while (dst.hasRemaining() && !inbound.isEmpty()) {
                ByteBuf head = inbound.peek();
                int chunk = Math.min(head.readableBytes(), dst.remaining());
                int limit = dst.limit();
                dst.limit(dst.position() + chunk);
                head.readBytes(dst);
                dst.limit(limit);
                if (!head.isReadable()) {
                    inbound.poll().release();
                }
                n += chunk;
            }
            minimumRate.moved(n);
            transfer.read(n);
            if (readPaused && inboundMemoryLocked() <= INBOUND_LOW) {
                readPaused = false;
                connectionPauses.resumed();
                channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
            }
            return n;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            int n = Math.min(CHUNK, src.remaining());
            lock.lock();
            try {
                lastProgress = System.nanoTime();
                while (abortCode == NOT_ABORTED && (!writable || inFlight + n > MAX_IN_FLIGHT)) {
                    awaitPeer(true);
                }
                throwIfAborted();
                if (finished) {
                    throw new IOException("the exchange is finished");
                }
                inFlight += n;
            } finally {
                lock.unlock();
            }
            transfer.write(src.slice(src.position(), n));
            ByteBuf chunk = channel.alloc().directBuffer(n);
            int limit = src.limit();
            src.limit(src.position() + n);
            chunk.writeBytes(src);
            src.limit(limit);
            lock.lock();
            try {
                if (heldBack != null) {
                    sendLocked(heldBack, false);
                }
                heldBack = chunk;
                heldSince = System.nanoTime();
                if (!flushScheduled) {
                    scheduleFlushLocked(TimeUnit.MILLISECONDS.toNanos(FLUSH_DELAY_MILLIS));
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /**
     * Gives {@code chunk} to the channel, with FIN when {@code last}; it counts as in flight until
     * written. Sends are queued to the event loop under the lock, so they reach the channel in the
     * order they were made, whichever thread made them.
     */
    private void sendLocked(ByteBuf chunk, boolean last) {
        int n = chunk.readableBytes();
        try {
            channel.eventLoop().execute(() -> {
                ChannelFuture write = channel.writeAndFlush(last ? new DefaultQuicStreamFrame(chunk, true) : chunk);
                write.addListener(done -> onWriteDone(n, done.cause()));
            });
        } catch (RejectedExecutionException shutDown) {
            // the server is stopping: the stream is gone with its event loop
            chunk.release();
            onWriteDone(n, shutDown);
        }
    }

    private void scheduleFlushLocked(long delayNanos) {
        try {
            channel.eventLoop().schedule(this::onFlushDue, delayNanos, TimeUnit.NANOSECONDS);
            flushScheduled = true;
        } catch (RejectedExecutionException shutDown) {
            // the server is stopping: nothing will be flushed any more
        }
    }

    /**
     * Waits for data (reader) or window (writer), at most until the stall deadline. Netty does not
     * always tell a parked writer that the peer sent STOP_SENDING (no event, no failed write when
     * nothing is queued), so a writer's wait also re-checks the channel every
     * {@value #OUTPUT_CHECK_MILLIS} ms.
     */
    private void awaitPeer(boolean writer) {
        long left = lastProgress + stallNanos - System.nanoTime();
        if (left <= 0) {
            stallLocked();
            return;
        }
        try {
            long wait = writer ? Math.min(left, TimeUnit.MILLISECONDS.toNanos(OUTPUT_CHECK_MILLIS)) : left;
            if (minimumRate.enabled()) {
                wait = Math.min(wait, minimumRate.checkIntervalNanos());
            }
            long remaining = changed.awaitNanos(wait);
            if (!writer && connectionPauses.any()) {
                // a sibling stream holds the connection's window unread: the wait is the server's
                lastProgress = System.nanoTime();
            } else {
                minimumRate.waited(wait - remaining);
            }
            if (minimumRate.tooSlow()) {
                tooSlowLocked();
            } else if (remaining <= 0 && writer && (channel.isOutputShutdown() || !channel.isActive())) {
                abortLocked(-1, "the peer stopped reading or the stream closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortLocked(-1, "interrupted");
        }
    }

    /** No progress for the stall timeout: abort the handler's wait and reset the stream ourselves. */
    private void stallLocked() {
        if (abortCode == NOT_ABORTED) {
            abuse.record(AbuseLog.Cause.STALL);
        }
        abortLocked(-1, "no progress from the peer for " + TimeUnit.NANOSECONDS.toMillis(stallNanos) + " ms");
        resetAndClose(channel, ErrorCode.ABANDONED.wireCode());
    }

    /** The peer moves bytes slower than {@code min-rate}: abort like a stall, reset with 499. */
    private void tooSlowLocked() {
        if (abortCode == NOT_ABORTED) {
            abuse.record(AbuseLog.Cause.MIN_RATE);
        }
        abortLocked(-1, "the peer is slower than " + minimumRate.describe());
        resetAndClose(channel, ErrorCode.ABANDONED.wireCode());
    }

    private void onWriteDone(int bytes, Throwable failure) {
        lock.lock();
        try {
            lastProgress = System.nanoTime();
            inFlight -= bytes;
            if (failure != null) {
                abortLocked(peerCode(failure), "write failed: " + failure);
            } else {
                minimumRate.moved(bytes);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The handler returned: end the response with FIN, carried by the last chunk. */
    void complete() {
        lock.lock();
        try {
            finished = true;
            drainLocked();
            if (heldBack != null) {
                sendLocked(heldBack, true);
                heldBack = null;
            } else {
                // nothing was written: no data for the FIN to travel with
                channel.shutdownOutput();
            }
        } finally {
            lock.unlock();
        }
        // keep draining whatever the peer still sends so that its FIN can arrive and the stream close
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
    }

    /** The handler failed: RESET_STREAM and STOP_SENDING with {@code wireCode}, then close. */
    void fail(int wireCode) {
        lock.lock();
        try {
            finished = true;
            drainLocked();
            if (heldBack != null) {
                heldBack.release();
                heldBack = null;
            }
        } finally {
            lock.unlock();
        }
        resetAndClose(channel, wireCode);
    }

    /**
     * The handler paused after a write: all it wrote but the last byte goes out now; that byte
     * stays to carry the FIN, which must never be sent alone.
     */
    private void onFlushDue() {
        lock.lock();
        try {
            flushScheduled = false;
            if (heldBack == null || heldBack.readableBytes() <= 1) {
                return;
            }
            long early = heldSince + TimeUnit.MILLISECONDS.toNanos(FLUSH_DELAY_MILLIS) - System.nanoTime();
            if (early > 0) {
                // the handler wrote again since this was scheduled: it is not paused yet
                scheduleFlushLocked(early);
            } else {
                sendLocked(heldBack.readRetainedSlice(heldBack.readableBytes() - 1), false);
            }
        } finally {
            lock.unlock();
        }
    }

    static void resetAndClose(QuicStreamChannel channel, int wireCode) {
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.shutdown(wireCode).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    // ---- event-loop side ----

    void onData(ByteBuf data) {
        lock.lock();
        try {
            if (finished || abortCode != NOT_ABORTED || !data.isReadable()) {
                data.release();
                return;
            }
            enqueueLocked(data);
            lastProgress = System.nanoTime();
            if (!readPaused && inboundMemoryLocked() >= INBOUND_HIGH) {
                readPaused = true;
                connectionPauses.paused();
                channel.config().setAutoRead(false);
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The end of one read batch: wake the reader once per batch rather than once per frame. */
    void onReadComplete() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onInputFinished() {
        lock.lock();
        try {
            inputDone = true;
            lastProgress = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onWritabilityChanged(boolean nowWritable) {
        lock.lock();
        try {
            writable = nowWritable;
            lastProgress = System.nanoTime();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The peer reset the stream, sent STOP_SENDING, or the stream/connection closed. */
    void onAbort(Throwable cause) {
        lock.lock();
        try {
            abortLocked(peerCode(cause), String.valueOf(cause));
        } finally {
            lock.unlock();
        }
    }

    void onOutputShutdown() {
        lock.lock();
        try {
            if (!finished) {
                abortLocked(-1, "the peer stopped reading (STOP_SENDING)");
            }
        } finally {
            lock.unlock();
        }
    }

    void onClosed() {
        lock.lock();
        try {
            abortLocked(-1, "stream closed");
        } finally {
            lock.unlock();
        }
    }

    private void abortLocked(long code, String reason) {
        if (abortCode == NOT_ABORTED) {
            abortCode = code;
            abortReason = reason;
        }
        drainLocked();
        changed.signalAll();
    }

    /**
     * Copies {@code data} into the last queued buffer, and into new ones as they fill, and frees
     * {@code data} at once: a frame kept as it is would pin its allocator chunk, which holds many
     * other frames' memory too.
     */
    private void enqueueLocked(ByteBuf data) {
        while (data.isReadable()) {
            ByteBuf tail = inbound.peekLast();
            if (tail == null || !tail.isWritable()) {
                tail = channel.alloc().directBuffer(CHUNK, CHUNK);
                inbound.add(tail);
            }
            tail.writeBytes(data, Math.min(data.readableBytes(), tail.writableBytes()));
        }
        data.release();
    }

    /** The memory the inbound queue holds (whole buffers, read or not). */
    private int inboundMemoryLocked() {
        return inbound.size() * CHUNK;
    }

    private void drainLocked() {
        ByteBuf buf;
        while ((buf = inbound.poll()) != null) {
            buf.release();
        }
        if (readPaused) {
            // nothing reads any more: the stream no longer holds the connection's window for long
            readPaused = false;
            connectionPauses.resumed();
        }
    }

    private void throwIfAborted() throws StreamAbortedException {
        if (abortCode != NOT_ABORTED) {
            throw new StreamAbortedException(abortCode, abortReason);
        }
    }

    private static long peerCode(Throwable cause) {
        return cause instanceof QuicStreamResetException reset ? reset.applicationProtocolCode() : -1;
    }
}

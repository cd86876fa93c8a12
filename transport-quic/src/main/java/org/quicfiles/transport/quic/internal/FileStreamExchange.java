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
import org.quicfiles.bridge.FinPolicy;
import org.quicfiles.bridge.InboundQueue;
import org.quicfiles.bridge.MinimumRate;
import org.quicfiles.bridge.OutboundWindow;
import org.quicfiles.bridge.PeerWatchdog;

/**
 * The blocking {@link StreamExchange} a stream command's virtual thread sees, bridged to a Netty
 * QUIC stream (decision note 0100). This class only joins the stream bridge's parts to the channel
 * under one lock; each concern is its own class (decision note 0180):
 *
 * <ul>
 * <li>{@link InboundQueue}: inbound frames copied into 64 KiB chunks, counted by capacity, reading
 *     paused above its high mark (autoRead off, so QUIC's window stops opening) and resumed below
 *     its low mark (decision note 0204);
 * <li>{@link OutboundWindow}: the writer parks while the stream is not writable or too many bytes
 *     are not yet accepted by QUIC;
 * <li>{@link PeerWatchdog}: a read or write that waits on the peer longer than the stall timeout, or
 *     a peer slower than {@code min-rate}, aborts the exchange and resets the stream with 499
 *     (decision notes 0151, 0161). A read's wait while another stream of the connection has stopped
 *     reading is the server's, not the peer's, and counts for neither ({@link ConnectionReadPauses});
 * <li>{@link FinPolicy}: FIN rides on the last data frame; a write with {@code last} sends it at
 *     once, otherwise the last chunk is held back and the 20 ms timer is the fallback (note 0163).
 * </ul>
 *
 * <p>Methods named {@code on…} run on the stream's event loop; {@link #read}, {@link #write},
 * {@link #complete} and {@link #fail} on the handler's thread.
 */
final class FileStreamExchange implements StreamExchange {
    static final int CHUNK = InboundQueue.CHUNK;
    static final int MAX_IN_FLIGHT = OutboundWindow.MAX_IN_FLIGHT;

    private static final long NOT_ABORTED = Long.MIN_VALUE;
    private static final long OUTPUT_CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final QuicStreamChannel channel;
    private final Request header;
    private final InetSocketAddress remote;
    /** What the command read and wrote, for the access line (the command's thread only). */
    private final AccessLog.Transfer transfer;
    private final AbuseLog abuse;
    private final ConnectionReadPauses connectionPauses;
    private final FinPolicy<ByteBuf> fin;
    /** The command wrote its last bytes (the command's thread only). */
    private boolean ended;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}, as are the next two. */
    private final InboundQueue inbound;
    private final OutboundWindow outbound = new OutboundWindow(MAX_IN_FLIGHT);
    private final PeerWatchdog watchdog;
    private boolean inputDone;
    private long abortCode = NOT_ABORTED;
    private String abortReason;
    private boolean finished;

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
        this.watchdog = new PeerWatchdog(stallTimeout, minimumRate);
        this.inbound = new InboundQueue(NettyChunks.of(channel.alloc()));
        this.connectionPauses = ConnectionReadPauses.of(channel.parent());
        this.transfer = new AccessLog.Transfer(header);
        this.fin = new FinPolicy<>(new ChannelOutput());
    }

    /** The access line of this stream, which ended with {@code result} ({@link AccessLog#OK} or its reset code). */
    AccessLog.Entry accessEntry(int result) {
        return transfer.entry(remote, channel.parent().id().asShortText(), channel.streamId(), result);
    }

    /** How often the fallback flush timer had to send held bytes (zero for a command that says its end). */
    long timerFlushes() {
        return fin.timerFlushes();
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
            watchdog.progress();
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
            int n = inbound.drainTo(dst);
            watchdog.moved(n);
            transfer.read(n);
            if (inbound.resumeIfLow()) {
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
        write(src, false);
    }

    @Override
    public void write(ByteBuffer src, boolean last) throws IOException {
        if (ended) {
            throw new IOException("the response has ended");
        }
        if (!src.hasRemaining() && last) {
            lock.lock();
            try {
                throwIfAborted();
                throwIfFinished();
            } finally {
                lock.unlock();
            }
            ended = true;
            fin.end();
            return;
        }
        while (src.hasRemaining()) {
            int n = Math.min(CHUNK, src.remaining());
            lock.lock();
            try {
                watchdog.progress();
                while (abortCode == NOT_ABORTED && !outbound.hasRoom(n)) {
                    awaitPeer(true);
                }
                throwIfAborted();
                throwIfFinished();
                outbound.taken(n);
            } finally {
                lock.unlock();
            }
            transfer.write(src.slice(src.position(), n));
            ByteBuf chunk = channel.alloc().directBuffer(n);
            int limit = src.limit();
            src.limit(src.position() + n);
            chunk.writeBytes(src);
            src.limit(limit);
            ended = last && !src.hasRemaining();
            try {
                fin.write(chunk, ended);
            } catch (IllegalStateException discarded) {
                onWriteDone(n, null);
                throw new IOException("the response has ended", discarded);
            }
        }
    }

    private void throwIfFinished() throws IOException {
        // not fin.ended(): the FIN policy's lock is taken before this one (its sends may report back here)
        if (finished) {
            throw new IOException("the response has ended");
        }
    }

    /**
     * Waits for data (reader) or window (writer), at most until the watchdog says the peer is out
     * of time. Netty does not always tell a parked writer that the peer sent STOP_SENDING (no event,
     * no failed write when nothing is queued), so a writer's wait also re-checks the channel every
     * 250 ms.
     */
    private void awaitPeer(boolean writer) {
        PeerWatchdog.Verdict expired = watchdog.expired();
        if (expired != PeerWatchdog.Verdict.WAIT) {
            peerOutOfTimeLocked(expired);
            return;
        }
        try {
            long wait = watchdog.waitNanos(writer ? OUTPUT_CHECK_NANOS : Long.MAX_VALUE);
            long remaining = changed.awaitNanos(wait);
            // a sibling stream holds the connection's window unread: a reader's wait is the server's
            PeerWatchdog.Verdict verdict = watchdog.waited(wait - remaining, !writer && connectionPauses.any());
            if (verdict != PeerWatchdog.Verdict.WAIT) {
                peerOutOfTimeLocked(verdict);
            } else if (remaining <= 0 && writer && (channel.isOutputShutdown() || !channel.isActive())) {
                abortLocked(-1, "the peer stopped reading or the stream closed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortLocked(-1, "interrupted");
        }
    }

    /** The peer stalled or crawled: abort the handler's wait and reset the stream with 499. */
    private void peerOutOfTimeLocked(PeerWatchdog.Verdict verdict) {
        if (abortCode == NOT_ABORTED) {
            abuse.record(verdict == PeerWatchdog.Verdict.TOO_SLOW ? AbuseLog.Cause.MIN_RATE : AbuseLog.Cause.STALL);
        }
        abortLocked(-1, watchdog.describe(verdict));
        resetAndClose(channel, ErrorCode.ABANDONED.wireCode());
    }

    private void onWriteDone(int bytes, Throwable failure) {
        lock.lock();
        try {
            watchdog.progress();
            outbound.done(bytes);
            if (failure != null) {
                abortLocked(peerCode(failure), "write failed: " + failure);
            } else {
                watchdog.moved(bytes);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** The handler returned: end the response with FIN, carried by the last chunk (unless it said its end already). */
    void complete() {
        lock.lock();
        try {
            finished = true;
            drainLocked();
        } finally {
            lock.unlock();
        }
        fin.end();
        // keep draining whatever the peer still sends so that its FIN can arrive and the stream close
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
    }

    /** The handler failed: RESET_STREAM and STOP_SENDING with {@code wireCode}, then close. */
    void fail(int wireCode) {
        lock.lock();
        try {
            finished = true;
            drainLocked();
        } finally {
            lock.unlock();
        }
        fin.discard();
        resetAndClose(channel, wireCode);
    }

    static void resetAndClose(QuicStreamChannel channel, int wireCode) {
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.shutdown(wireCode).addListener(ChannelFutureListener.CLOSE);
            }
        });
    }

    /** The response's chunks to the channel, in order, each counted in flight until written. */
    private final class ChannelOutput implements FinPolicy.Output<ByteBuf> {
        @Override
        public void send(ByteBuf chunk, boolean last) {
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

        @Override
        public void finWithoutData() {
            channel.shutdownOutput();
        }

        @Override
        public ByteBuf allButLastByte(ByteBuf chunk) {
            return chunk.readRetainedSlice(chunk.readableBytes() - 1);
        }

        @Override
        public int size(ByteBuf chunk) {
            return chunk.readableBytes();
        }

        @Override
        public void release(ByteBuf chunk) {
            chunk.release();
        }

        @Override
        public boolean schedule(Runnable task, long delayNanos) {
            try {
                channel.eventLoop().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
                return true;
            } catch (RejectedExecutionException shutDown) {
                return false;
            }
        }
    }

    // ---- event-loop side ----

    void onData(ByteBuf data) {
        lock.lock();
        try {
            if (finished || abortCode != NOT_ABORTED || !data.isReadable()) {
                return;
            }
            boolean pause = inbound.add(data.nioBuffer());
            watchdog.progress();
            if (pause) {
                connectionPauses.paused();
                channel.config().setAutoRead(false);
                changed.signalAll();
            }
        } finally {
            data.release();
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
            watchdog.progress();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void onWritabilityChanged(boolean nowWritable) {
        lock.lock();
        try {
            outbound.writable(nowWritable);
            watchdog.progress();
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

    private void drainLocked() {
        if (inbound.clear()) {
            // nothing reads any more: the stream no longer holds the connection's window for long
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

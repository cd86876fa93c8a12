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
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.bridge.AbortState;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.AccessLog;
import org.quicfiles.bridge.BlockingReads;
import org.quicfiles.bridge.BlockingWrites;
import org.quicfiles.bridge.FinPolicy;
import org.quicfiles.bridge.InboundQueue;
import org.quicfiles.bridge.MinimumRate;
import org.quicfiles.bridge.OutboundWindow;
import org.quicfiles.bridge.PeerWait;
import org.quicfiles.bridge.PeerWatchdog;
import org.quicfiles.bridge.StreamCheck;

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

    private final PeerWait wait;
    private final BlockingReads reads;
    private final BlockingWrites writes;
    /** Guarded by {@link #wait}'s lock, as is the next. */
    private final AbortState abort = new AbortState();
    private boolean finished;

    private final StreamCheck readCheck = new StreamCheck() {
        @Override
        public boolean failed() {
            return abort.aborted();
        }

        @Override
        public void throwIfFailed() throws IOException {
            throwIfAborted();
        }
    };
    private final StreamCheck writeCheck = new StreamCheck() {
        @Override
        public boolean failed() {
            return abort.aborted();
        }

        @Override
        public void throwIfFailed() throws IOException {
            throwIfAborted();
            // not fin.ended(): the FIN policy's lock is taken before this one (its sends may report back here)
            if (finished) {
                throw new IOException("the response has ended");
            }
        }
    };
    private final PeerWait.Policy readerWaits = new Waits(false);
    private final PeerWait.Policy writerWaits = new Waits(true);

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
        this.wait = new PeerWait(new PeerWatchdog(stallTimeout, minimumRate));
        this.connectionPauses = ConnectionReadPauses.of(channel.parent());
        this.reads = new BlockingReads(wait, new InboundQueue(NettyChunks.of(channel.alloc())), new AutoRead());
        this.writes = new BlockingWrites(wait, new OutboundWindow(MAX_IN_FLIGHT), OUTPUT_CHECK_NANOS);
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
        int n = reads.read(dst, readCheck, readerWaits);
        if (n > 0) {
            transfer.read(n);
        }
        return n;
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
            wait.lock();
            try {
                writeCheck.throwIfFailed();
            } finally {
                wait.unlock();
            }
            ended = true;
            fin.end();
            return;
        }
        while (src.hasRemaining()) {
            int n = Math.min(CHUNK, src.remaining());
            writes.take(n, writeCheck, writerWaits);
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

    /**
     * What a wait on the peer does at its end. Netty does not always tell a parked writer that the
     * peer sent STOP_SENDING (no event, no failed write when nothing is queued), so a writer's wait
     * also re-checks the channel every 250 ms. A reader's wait while another stream of the
     * connection has stopped reading is the server's, not the peer's ({@link ConnectionReadPauses}).
     */
    private final class Waits implements PeerWait.Policy {
        private final boolean writer;

        Waits(boolean writer) {
            this.writer = writer;
        }

        @Override
        public void outOfTime(PeerWatchdog.Verdict verdict) {
            peerOutOfTimeLocked(verdict);
        }

        @Override
        public void interrupted(InterruptedException e) {
            abortLocked(-1, "interrupted");
        }

        @Override
        public boolean ownWait() {
            return !writer && connectionPauses.any();
        }

        @Override
        public void quiet() {
            if (writer && (channel.isOutputShutdown() || !channel.isActive())) {
                abortLocked(-1, "the peer stopped reading or the stream closed");
            }
        }
    }

    /** Reading pauses with autoRead off (QUIC's window stops opening), counted for the connection. */
    private final class AutoRead implements BlockingReads.Reading {
        @Override
        public void pause() {
            connectionPauses.paused();
            channel.config().setAutoRead(false);
        }

        @Override
        public void resume() {
            connectionPauses.resumed();
            channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
        }
    }

    /** The peer stalled or crawled: abort the handler's wait and reset the stream with 499. */
    private void peerOutOfTimeLocked(PeerWatchdog.Verdict verdict) {
        if (!abort.aborted()) {
            abuse.record(verdict == PeerWatchdog.Verdict.TOO_SLOW ? AbuseLog.Cause.MIN_RATE : AbuseLog.Cause.STALL);
        }
        abortLocked(-1, wait.watchdog().describe(verdict));
        resetAndClose(channel, ErrorCode.ABANDONED.wireCode());
    }

    private void onWriteDone(int bytes, Throwable failure) {
        wait.lock();
        try {
            writes.done(bytes, failure == null);
            if (failure != null) {
                abortLocked(peerCode(failure), "write failed: " + failure);
            }
        } finally {
            wait.unlock();
        }
    }

    /** The handler returned: end the response with FIN, carried by the last chunk (unless it said its end already). */
    void complete() {
        wait.lock();
        try {
            finished = true;
            drainLocked();
        } finally {
            wait.unlock();
        }
        fin.end();
        // keep draining whatever the peer still sends so that its FIN can arrive and the stream close
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
    }

    /** The handler failed: RESET_STREAM and STOP_SENDING with {@code wireCode}, then close. */
    void fail(int wireCode) {
        wait.lock();
        try {
            finished = true;
            drainLocked();
        } finally {
            wait.unlock();
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
        wait.lock();
        try {
            if (!finished && !abort.aborted()) {
                reads.received(data.nioBuffer());
            }
        } finally {
            data.release();
            wait.unlock();
        }
    }

    /** The end of one read batch: wake the reader once per batch rather than once per frame. */
    void onReadComplete() {
        wait.wake();
    }

    void onInputFinished() {
        reads.inputFinished();
    }

    void onWritabilityChanged(boolean nowWritable) {
        writes.writable(nowWritable);
    }

    /** The peer reset the stream, sent STOP_SENDING, or the stream/connection closed. */
    void onAbort(Throwable cause) {
        wait.lock();
        try {
            abortLocked(peerCode(cause), String.valueOf(cause));
        } finally {
            wait.unlock();
        }
    }

    void onOutputShutdown() {
        wait.lock();
        try {
            if (!finished) {
                abortLocked(-1, "the peer stopped reading (STOP_SENDING)");
            }
        } finally {
            wait.unlock();
        }
    }

    void onClosed() {
        wait.lock();
        try {
            abortLocked(-1, "stream closed");
        } finally {
            wait.unlock();
        }
    }

    private void abortLocked(long code, String reason) {
        abort.abort(new StreamAbortedException(code, reason));
        drainLocked();
        wait.signal();
    }

    private void drainLocked() {
        if (reads.clear()) {
            // nothing reads any more: the stream no longer holds the connection's window for long
            connectionPauses.resumed();
        }
    }

    private void throwIfAborted() throws StreamAbortedException {
        if (abort.cause() instanceof StreamAbortedException aborted) {
            // a new exception each time, so that its stack shows the read or write that failed
            throw new StreamAbortedException(aborted.peerCode(), aborted.getMessage());
        }
    }

    private static long peerCode(Throwable cause) {
        return cause instanceof QuicStreamResetException reset ? reset.applicationProtocolCode() : -1;
    }
}

package org.quicfiles.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.bridge.AbortState;
import org.quicfiles.bridge.BlockingReads;
import org.quicfiles.bridge.BlockingWrites;
import org.quicfiles.bridge.InboundQueue;
import org.quicfiles.bridge.OutboundWindow;
import org.quicfiles.bridge.PeerWait;
import org.quicfiles.bridge.PeerWatchdog;
import org.quicfiles.bridge.StreamCheck;
import org.quicfiles.client.QuicFilesClientException;

/**
 * One client-opened bidirectional stream with blocking {@link #read}/{@link #write}, joined to the
 * channel from the stream bridge's parts, as the server's side is (decision note 0180): an
 * {@link InboundQueue} (frames copied into 64 KiB chunks, reading paused above its high mark so
 * that QUIC flow control holds the server back), an {@link OutboundWindow} (writes wait while too
 * much is not yet accepted by QUIC) and a {@link PeerWatchdog}: no wait outlasts the client's
 * timeout without progress from the server, nor the call's deadline, and an interrupt ends it
 * (decision note 0182). A timed-out or interrupted wait abandons the stream (499). A reset by the
 * server surfaces as {@link QuicFilesClientException} with its code.
 */
public final class BlockingStream extends ChannelInboundHandlerAdapter implements AutoCloseable {
    static final int CHUNK = InboundQueue.CHUNK;

    private final PeerWait wait;
    private final PeerWatchdog watchdog;
    private final BlockingReads reads;
    private final BlockingWrites writes;
    private QuicStreamChannel channel;
    /** Guarded by {@link #wait}'s lock, as are the fields below. */
    private final AbortState failure = new AbortState();
    /** A failed write (e.g. STOP_SENDING, whose code Netty does not report): ends writing, not reading. */
    private IOException writeFailure;
    /** The server's RESET_STREAM code, once known; it explains a failure better than anything else. */
    private QuicFilesClientException resetByServer;
    private boolean closed;
    private ChannelFuture lastWrite;

    /** A read fails on a failure or the server's reset; a failed write does not end reading. */
    private final StreamCheck readCheck = new StreamCheck() {
        @Override
        public boolean failed() {
            return failure.aborted() || resetByServer != null;
        }

        @Override
        public void throwIfFailed() throws IOException {
            BlockingStream.this.throwIfFailed();
        }
    };
    private final StreamCheck writeCheck = new StreamCheck() {
        @Override
        public boolean failed() {
            return failure.aborted() || writeFailure != null || resetByServer != null;
        }

        @Override
        public void throwIfFailed() throws IOException {
            BlockingStream.this.throwIfFailed();
            if (writeFailure != null) {
                throw new IOException(writeFailure.getMessage(), writeFailure);
            }
        }
    };
    /** Time up or an interrupt abandons the stream (499) and fails the call at once. */
    private final PeerWait.Policy serverWaits = new PeerWait.Policy() {
        @Override
        public void outOfTime(PeerWatchdog.Verdict verdict) throws IOException {
            SocketTimeoutException timedOut = new SocketTimeoutException(verdict == PeerWatchdog.Verdict.DEADLINE
                    ? "the call's deadline passed" : watchdog.describe(verdict).replace("the peer", "the server"));
            abandonLocked(timedOut);
            throw timedOut;
        }

        @Override
        public void interrupted(InterruptedException e) throws IOException {
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for the server");
            interrupted.initCause(e);
            abandonLocked(interrupted);
            throw interrupted;
        }
    };

    private BlockingStream(PeerWatchdog watchdog) {
        this.watchdog = watchdog;
        this.wait = new PeerWait(watchdog);
        InboundQueue inbound = new InboundQueue(capacity -> {
            ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(capacity, capacity);
            return new InboundQueue.Chunk(buf.nioBuffer(0, capacity), buf::release);
        });
        this.reads = new BlockingReads(wait, inbound, new BlockingReads.Reading() {
            @Override
            public void pause() {
                channel.config().setAutoRead(false);
            }

            @Override
            public void resume() {
                onEventLoop(() -> channel.config().setAutoRead(true));
            }
        });
        this.writes = new BlockingWrites(wait, new OutboundWindow(OutboundWindow.MAX_IN_FLIGHT), Long.MAX_VALUE);
    }

    /**
     * Opens a new bidirectional stream on {@code connection}.
     *
     * @param timeout the longest any wait on the server may last without progress
     * @param deadlineNanos when every wait ends at the latest ({@link System#nanoTime} scale), or
     *        {@link Long#MAX_VALUE} for none
     * @throws IOException if the stream cannot be opened in time
     * @throws InterruptedIOException if interrupted while opening
     */
    public static BlockingStream open(QuicChannel connection, Duration timeout, long deadlineNanos) throws IOException {
        PeerWatchdog watchdog = PeerWatchdog.stallOnly(timeout);
        long openMillis = timeout.toMillis();
        if (deadlineNanos != Long.MAX_VALUE) {
            watchdog.deadline(deadlineNanos);
            long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
            if (left <= 0) {
                throw new SocketTimeoutException("the call's deadline passed before a stream was opened");
            }
            openMillis = Math.min(openMillis, left);
        }
        BlockingStream stream = new BlockingStream(watchdog);
        try {
            stream.channel = StreamOpener.open(connection, stream, openMillis);
            return stream;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while opening a stream");
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    /** The QUIC stream id. */
    public long streamId() {
        return channel.streamId();
    }

    /**
     * Reads into {@code dst}, blocking until a byte is there.
     *
     * @return bytes read, or -1 after the server's FIN
     * @throws QuicFilesClientException if the server reset the stream
     * @throws SocketTimeoutException if the server made no progress in time or the deadline passed
     * @throws InterruptedIOException if interrupted while waiting
     */
    public int read(ByteBuffer dst) throws IOException {
        wait.lock();
        try {
            throwIfPastDeadlineLocked();
            return reads.read(dst, readCheck, serverWaits);
        } finally {
            wait.unlock();
        }
    }

    /**
     * Reads everything up to the server's FIN.
     *
     * @param max the most bytes accepted
     * @throws IOException if more than {@code max} bytes arrive, or on a reset
     */
    public byte[] readAll(int max) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        ByteBuffer buffer = ByteBuffer.allocate(16 * 1024);
        while (read(buffer.clear()) >= 0) {
            if (out.size() + buffer.position() > max) {
                reset(0);
                throw new IOException("response longer than " + max + " bytes");
            }
            out.write(buffer.array(), 0, buffer.position());
        }
        return out.toByteArray();
    }

    /**
     * Writes all of {@code src}, blocking while QUIC flow control holds it back.
     *
     * @throws QuicFilesClientException if the server stopped or reset the stream
     */
    public void write(ByteBuffer src) throws IOException {
        write(src, false);
    }

    /**
     * Writes all of {@code src} and FIN with its last bytes, in one frame: a FIN written alone can
     * be forgotten by quiche when the server has already answered (decision note 0163).
     *
     * @throws QuicFilesClientException if the server stopped or reset the stream
     */
    public void writeAndFinish(ByteBuffer src) throws IOException {
        if (!src.hasRemaining()) {
            finishWriting();
            return;
        }
        write(src, true);
    }

    private void write(ByteBuffer src, boolean fin) throws IOException {
        while (src.hasRemaining()) {
            int n = Math.min(CHUNK, src.remaining());
            wait.lock();
            try {
                throwIfPastDeadlineLocked();
                writes.take(n, writeCheck, serverWaits);
            } finally {
                wait.unlock();
            }
            ByteBuf chunk = channel.alloc().directBuffer(n);
            int limit = src.limit();
            src.limit(src.position() + n);
            chunk.writeBytes(src);
            src.limit(limit);
            boolean last = fin && !src.hasRemaining();
            ChannelFuture write = channel.writeAndFlush(last ? new DefaultQuicStreamFrame(chunk, true) : chunk);
            lastWrite = write;
            write.addListener(done -> onWriteDone(n, done.cause()));
        }
    }

    /** A call whose deadline passed ends even while data flows: the deadline bounds the whole call. */
    private void throwIfPastDeadlineLocked() throws IOException {
        if (!failure.aborted() && resetByServer == null && watchdog.expired() == PeerWatchdog.Verdict.DEADLINE) {
            SocketTimeoutException timedOut = new SocketTimeoutException("the call's deadline passed");
            abandonLocked(timedOut);
            throw timedOut;
        }
    }

    /** Gives up the stream from the client's side: 499 to the server, {@code why} to every later call. */
    private void abandonLocked(IOException why) {
        int code = ErrorCode.ABANDONED.wireCode();
        onEventLoop(() -> {
            if (channel.isActive()) {
                channel.shutdown(code).addListener(ChannelFutureListener.CLOSE);
            }
        });
        failLocked(why);
    }

    /** Sends FIN after everything written so far. */
    public void finishWriting() {
        ChannelFuture last = lastWrite;
        onEventLoop(() -> {
            if (last == null) {
                channel.shutdownOutput();
            } else {
                last.addListener(QuicStreamChannel.SHUTDOWN_OUTPUT);
            }
        });
    }

    /** Abandons the stream: RESET_STREAM and STOP_SENDING with {@code code}. */
    public void reset(int code) {
        onEventLoop(() -> {
            if (channel.isActive()) {
                channel.shutdown(code).addListener(ChannelFutureListener.CLOSE);
            }
        });
        fail(new IOException("stream abandoned"));
    }

    /** Runs {@code task} on the stream's event loop, unless the client is already closed. */
    private void onEventLoop(Runnable task) {
        try {
            channel.eventLoop().execute(task);
        } catch (RejectedExecutionException closed) {
            // the connection and its event loop are gone; nothing left to do on the wire
        }
    }

    /** Releases the stream; closes it if it is still open. */
    @Override
    public void close() {
        wait.lock();
        try {
            closed = true;
            reads.clear();
        } finally {
            wait.unlock();
        }
        onEventLoop(() -> channel.config().setAutoRead(true));
    }

    private void onWriteDone(int bytes, Throwable cause) {
        wait.lock();
        try {
            if (cause != null && writeFailure == null) {
                writeFailure = toException(cause);
            }
            writes.done(bytes, cause == null);
        } finally {
            wait.unlock();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        wait.lock();
        try {
            if (!closed && !failure.aborted() && resetByServer == null) {
                reads.received(data.nioBuffer());
            }
        } finally {
            data.release();
            wait.unlock();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        wait.wake();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            reads.inputFinished();
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        writes.writable(ctx.channel().isWritable());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        IOException failed = toException(cause);
        wait.lock();
        try {
            if (failed instanceof QuicFilesClientException reset && resetByServer == null) {
                resetByServer = reset;
            }
            failLocked(failed);
        } finally {
            wait.unlock();
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        wait.lock();
        try {
            if (!reads.inputDone()) {
                failLocked(new IOException("stream closed before the server finished it"));
            }
            wait.signal();
        } finally {
            wait.unlock();
        }
    }

    private void fail(IOException e) {
        wait.lock();
        try {
            failLocked(e);
        } finally {
            wait.unlock();
        }
    }

    private void failLocked(IOException e) {
        failure.abort(e);
        reads.clear();
        wait.signal();
    }

    private void throwIfFailed() throws IOException {
        if (resetByServer != null) {
            throw new QuicFilesClientException(resetByServer.wireCode(), "stream reset by the server");
        }
        IOException cause = failure.cause();
        if (cause instanceof InterruptedIOException timedOutOrInterrupted) {
            throw timedOutOrInterrupted;
        }
        if (cause != null) {
            throw new IOException(cause.getMessage(), cause);
        }
    }

    private static IOException toException(Throwable cause) {
        if (cause instanceof QuicStreamResetException reset) {
            return new QuicFilesClientException(reset.applicationProtocolCode(), "stream reset by the server");
        }
        return cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
    }
}

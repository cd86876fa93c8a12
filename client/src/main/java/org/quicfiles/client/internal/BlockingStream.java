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
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.bridge.InboundQueue;
import org.quicfiles.bridge.OutboundWindow;
import org.quicfiles.bridge.PeerWatchdog;
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

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Guarded by {@link #lock}, as are the two below and the flags. */
    private final InboundQueue inbound = new InboundQueue(capacity -> {
        ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(capacity, capacity);
        return new InboundQueue.Chunk(buf.nioBuffer(0, capacity), buf::release);
    });
    private final OutboundWindow outbound = new OutboundWindow(OutboundWindow.MAX_IN_FLIGHT);
    private final PeerWatchdog watchdog;
    private QuicStreamChannel channel;
    private boolean inputDone;
    private IOException failure;
    /** A failed write (e.g. STOP_SENDING, whose code Netty does not report): ends writing, not reading. */
    private IOException writeFailure;
    /** The server's RESET_STREAM code, once known; it explains a failure better than anything else. */
    private QuicFilesClientException resetByServer;
    private boolean closed;
    private ChannelFuture lastWrite;

    private BlockingStream(PeerWatchdog watchdog) {
        this.watchdog = watchdog;
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
        lock.lock();
        try {
            throwIfPastDeadlineLocked();
            watchdog.progress();
            while (inbound.isEmpty()) {
                throwIfFailed();
                if (inputDone) {
                    return -1;
                }
                if (!dst.hasRemaining()) {
                    return 0;
                }
                awaitServerLocked();
            }
            throwIfFailed();
            int n = inbound.drainTo(dst);
            if (inbound.resumeIfLow()) {
                onEventLoop(() -> channel.config().setAutoRead(true));
            }
            return n;
        } finally {
            lock.unlock();
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
            lock.lock();
            try {
                throwIfPastDeadlineLocked();
                watchdog.progress();
                while (failure == null && writeFailure == null && resetByServer == null && !outbound.hasRoom(n)) {
                    awaitServerLocked();
                }
                throwIfFailed();
                if (writeFailure != null) {
                    throw new IOException(writeFailure.getMessage(), writeFailure);
                }
                outbound.taken(n);
            } finally {
                lock.unlock();
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
        if (failure == null && resetByServer == null && watchdog.expired() == PeerWatchdog.Verdict.DEADLINE) {
            SocketTimeoutException timedOut = new SocketTimeoutException("the call's deadline passed");
            abandonLocked(timedOut);
            throw timedOut;
        }
    }

    /**
     * Waits for the server, at most until the watchdog says time is up; then, or on an interrupt,
     * the stream is abandoned and the wait fails.
     */
    private void awaitServerLocked() throws IOException {
        PeerWatchdog.Verdict expired = watchdog.expired();
        if (expired != PeerWatchdog.Verdict.WAIT) {
            SocketTimeoutException timedOut = new SocketTimeoutException(expired == PeerWatchdog.Verdict.DEADLINE
                    ? "the call's deadline passed" : watchdog.describe(expired).replace("the peer", "the server"));
            abandonLocked(timedOut);
            throw timedOut;
        }
        try {
            changed.awaitNanos(watchdog.waitNanos(Long.MAX_VALUE));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for the server");
            interrupted.initCause(e);
            abandonLocked(interrupted);
            throw interrupted;
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
        lock.lock();
        try {
            closed = true;
            inbound.clear();
        } finally {
            lock.unlock();
        }
        onEventLoop(() -> channel.config().setAutoRead(true));
    }

    private void onWriteDone(int bytes, Throwable cause) {
        lock.lock();
        try {
            outbound.done(bytes);
            watchdog.progress();
            if (cause != null && writeFailure == null) {
                writeFailure = toException(cause);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        lock.lock();
        try {
            if (closed || failure != null || resetByServer != null || !data.isReadable()) {
                return;
            }
            boolean pause = inbound.add(data.nioBuffer());
            watchdog.progress();
            if (pause) {
                ctx.channel().config().setAutoRead(false);
                changed.signalAll();
            }
        } finally {
            data.release();
            lock.unlock();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            lock.lock();
            try {
                inputDone = true;
                watchdog.progress();
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        lock.lock();
        try {
            outbound.writable(ctx.channel().isWritable());
            watchdog.progress();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        IOException failed = toException(cause);
        lock.lock();
        try {
            if (failed instanceof QuicFilesClientException reset && resetByServer == null) {
                resetByServer = reset;
            }
            failLocked(failed);
        } finally {
            lock.unlock();
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        lock.lock();
        try {
            if (!inputDone) {
                failLocked(new IOException("stream closed before the server finished it"));
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void fail(IOException e) {
        lock.lock();
        try {
            failLocked(e);
        } finally {
            lock.unlock();
        }
    }

    private void failLocked(IOException e) {
        if (failure == null) {
            failure = e;
        }
        inbound.clear();
        changed.signalAll();
    }

    private void throwIfFailed() throws IOException {
        if (resetByServer != null) {
            throw new QuicFilesClientException(resetByServer.wireCode(), "stream reset by the server");
        }
        if (failure instanceof InterruptedIOException timedOutOrInterrupted) {
            throw timedOutOrInterrupted;
        }
        if (failure != null) {
            throw new IOException(failure.getMessage(), failure);
        }
    }

    private static IOException toException(Throwable cause) {
        if (cause instanceof QuicStreamResetException reset) {
            return new QuicFilesClientException(reset.applicationProtocolCode(), "stream reset by the server");
        }
        return cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
    }
}

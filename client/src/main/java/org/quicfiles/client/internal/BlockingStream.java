package org.quicfiles.client.internal;

import io.netty.buffer.ByteBuf;
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
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.quicfiles.client.QuicFilesClientException;

/**
 * One client-opened bidirectional stream with blocking {@link #read}/{@link #write}. Inbound data
 * queues up to {@link #INBOUND_HIGH} bytes before reading pauses (QUIC flow control then holds the
 * server back); writes wait while more than {@link #MAX_IN_FLIGHT} bytes are not yet accepted by
 * QUIC or the stream is not writable. A reset by the server surfaces as
 * {@link QuicFilesClientException} with its code.
 */
public final class BlockingStream extends ChannelInboundHandlerAdapter implements AutoCloseable {
    static final int CHUNK = 64 * 1024;
    static final int INBOUND_HIGH = 256 * 1024;
    static final int INBOUND_LOW = 64 * 1024;
    static final int MAX_IN_FLIGHT = 256 * 1024;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<ByteBuf> inbound = new ArrayDeque<>();
    private QuicStreamChannel channel;
    private int inboundBytes;
    private boolean inputDone;
    private boolean readPaused;
    private boolean writable = true;
    private int inFlight;
    private IOException failure;
    /** A failed write (e.g. STOP_SENDING, whose code Netty does not report): ends writing, not reading. */
    private IOException writeFailure;
    /** The server's RESET_STREAM code, once known; it explains a failure better than anything else. */
    private QuicFilesClientException resetByServer;
    private boolean closed;
    private ChannelFuture lastWrite;

    private BlockingStream() {
    }

    /**
     * Opens a new bidirectional stream on {@code connection}.
     *
     * @throws IOException if the stream cannot be opened in time
     */
    public static BlockingStream open(QuicChannel connection, long timeoutMillis) throws IOException {
        BlockingStream stream = new BlockingStream();
        try {
            stream.channel = StreamCredit.open(connection, stream, timeoutMillis);
            return stream;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while opening a stream", e);
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
     */
    public int read(ByteBuffer dst) throws IOException {
        lock.lock();
        try {
            while (inbound.isEmpty()) {
                throwIfFailed();
                if (inputDone) {
                    return -1;
                }
                if (!dst.hasRemaining()) {
                    return 0;
                }
                changed.awaitUninterruptibly();
            }
            throwIfFailed();
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
            inboundBytes -= n;
            if (readPaused && inboundBytes <= INBOUND_LOW) {
                readPaused = false;
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
                while (failure == null && writeFailure == null && resetByServer == null
                        && (!writable || inFlight + n > MAX_IN_FLIGHT)) {
                    changed.awaitUninterruptibly();
                }
                throwIfFailed();
                if (writeFailure != null) {
                    throw new IOException(writeFailure.getMessage(), writeFailure);
                }
                inFlight += n;
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
            drainLocked();
        } finally {
            lock.unlock();
        }
        onEventLoop(() -> channel.config().setAutoRead(true));
    }

    private void onWriteDone(int bytes, Throwable cause) {
        lock.lock();
        try {
            inFlight -= bytes;
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
                data.release();
                return;
            }
            inbound.add(data);
            inboundBytes += data.readableBytes();
            if (!readPaused && inboundBytes >= INBOUND_HIGH) {
                readPaused = true;
                ctx.channel().config().setAutoRead(false);
                changed.signalAll();
            }
        } finally {
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
            writable = ctx.channel().isWritable();
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
        drainLocked();
        changed.signalAll();
    }

    private void drainLocked() {
        ByteBuf buf;
        while ((buf = inbound.poll()) != null) {
            buf.release();
        }
        inboundBytes = 0;
    }

    private void throwIfFailed() throws IOException {
        if (resetByServer != null) {
            throw new QuicFilesClientException(resetByServer.wireCode(), "stream reset by the server");
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

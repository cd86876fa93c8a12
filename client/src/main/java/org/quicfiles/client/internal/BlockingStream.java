package org.quicfiles.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.quicfiles.bridge.BridgedStream;
import org.quicfiles.bridge.InboundQueue;
import org.quicfiles.bridge.OutboundWindow;
import org.quicfiles.bridge.PeerWatchdog;
import org.quicfiles.client.QuicFilesClientException;

/**
 * One client-opened bidirectional stream with blocking {@link #read}/{@link #write}: the stream
 * bridge's {@link BridgedStream} (decision notes 0180, 0185, 0186) over this channel, with the
 * client's {@link ClientStreamFailures}: waits bounded by the client's timeout and the call's
 * deadline, a reset by the server surfacing as {@link QuicFilesClientException} with its code.
 */
public final class BlockingStream implements AutoCloseable, BridgedStream.Transport {
    private final BridgedStream stream;
    private QuicStreamChannel channel;
    /** The last chunk given to the channel, after which a FIN alone goes. */
    private volatile ChannelFuture lastWrite;
    private final ClientStreamFailures failures = new ClientStreamFailures(this::resetOnWire);

    private BlockingStream(PeerWatchdog watchdog) {
        this.stream = new BridgedStream(watchdog, capacity -> {
            ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(capacity, capacity);
            return new InboundQueue.Chunk(buf.nioBuffer(0, capacity), buf::release);
        }, OutboundWindow.MAX_IN_FLIGHT, this, failures);
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
            stream.channel = StreamOpener.open(connection, new StreamEvents(stream.stream, stream.failures), openMillis);
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
        return stream.read(dst);
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
        stream.write(src, false);
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
        stream.write(src, true);
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
        resetOnWire(code);
        stream.abort(new IOException("stream abandoned"));
    }

    private void resetOnWire(int code) {
        onEventLoop(() -> {
            if (channel.isActive()) {
                channel.shutdown(code).addListener(ChannelFutureListener.CLOSE);
            }
        });
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
        stream.finish("the stream is closed");
        onEventLoop(() -> channel.config().setAutoRead(true));
    }

    // ---- BridgedStream.Transport: chunks straight to the channel, reading paused by autoRead ----

    @Override
    public void send(ByteBuffer bytes, boolean last) {
        int n = bytes.remaining();
        ByteBuf chunk = channel.alloc().directBuffer(n);
        chunk.writeBytes(bytes);
        ChannelFuture write = channel.writeAndFlush(last ? new DefaultQuicStreamFrame(chunk, true) : chunk);
        lastWrite = write;
        write.addListener(done -> stream.written(n, done.cause()));
    }

    @Override
    public void finish() {
        finishWriting();
    }

    @Override
    public void pauseReading() {
        channel.config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        onEventLoop(() -> channel.config().setAutoRead(true));
    }
}

package org.quicfiles.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.time.Duration;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.AccessLog;
import org.quicfiles.bridge.BridgedStream;
import org.quicfiles.bridge.ChannelFill;
import org.quicfiles.bridge.FinPolicy;
import org.quicfiles.bridge.InboundQueue;
import org.quicfiles.bridge.MinimumRate;
import org.quicfiles.bridge.OutboundWindow;
import org.quicfiles.bridge.PeerWatchdog;

/**
 * The blocking {@link StreamExchange} a stream command's virtual thread sees, bridged to a Netty
 * QUIC stream (decision note 0100): the stream bridge's {@link BridgedStream} (queue, window,
 * watchdog and abort state under one lock, notes 0180, 0185, 0186) over this channel, with the
 * server's failure policy ({@link ServerStreamFailures}); the response's chunks leave through a
 * {@link FinPolicy} ({@link ChannelChunks}, note 0181). Reading pauses with autoRead off, so that
 * QUIC's window stops opening, and is counted for the connection ({@link ConnectionReadPauses}).
 *
 * <p>Methods named {@code on…} run on the stream's event loop; {@link #read}, {@link #write},
 * {@link #complete} and {@link #fail} on the handler's thread.
 */
final class FileStreamExchange implements StreamExchange, BridgedStream.Transport {
    static final int CHUNK = InboundQueue.CHUNK;
    static final int MAX_IN_FLIGHT = OutboundWindow.MAX_IN_FLIGHT;
    private static final String ENDED = "the response has ended";

    private final QuicStreamChannel channel;
    private final Request header;
    private final InetSocketAddress remote;
    /** What the command read and wrote, for the access line (the command's thread only). */
    private final AccessLog.Transfer transfer;
    private final ConnectionReadPauses connectionPauses;
    private final BridgedStream stream;
    private final FinPolicy<ByteBuf> fin;

    /**
     * @param stallTimeout how long a read or write may wait on the peer without progress before the
     *        stream is aborted and reset with 499
     * @param minimumRate the rate the peer must keep up while the command waits on it, else 499
     */
    FileStreamExchange(QuicStreamChannel channel, Request header, InetSocketAddress remote, Duration stallTimeout,
                       MinimumRate minimumRate, AbuseLog abuse) {
        this.channel = channel;
        this.header = header;
        this.remote = remote;
        this.transfer = new AccessLog.Transfer(header);
        this.connectionPauses = ConnectionReadPauses.of(channel.parent());
        this.stream = new BridgedStream(new PeerWatchdog(stallTimeout, minimumRate), NettyChunks.of(channel.alloc()),
                MAX_IN_FLIGHT, this, new ServerStreamFailures(channel, abuse, connectionPauses));
        this.fin = new FinPolicy<>(new ChannelChunks(channel, stream));
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
        int n = stream.read(dst);
        transfer.read(n);
        return n;
    }

    @Override
    public void write(ByteBuffer src) throws IOException {
        stream.write(src, false);
    }

    @Override
    public void write(ByteBuffer src, boolean last) throws IOException {
        stream.write(src, last);
    }

    /** Reads the source straight into the direct buffers Netty sends from (one copy, not a heap buffer and a copy). */
    @Override
    public void transferFrom(ReadableByteChannel source, long count, boolean last) throws IOException {
        stream.transferFrom(source, count, last);
    }

    /** The handler returned: end the response with FIN, carried by the last chunk (unless it said its end already). */
    void complete() {
        stream.finish(ENDED);
        fin.end();
        // keep draining whatever the peer still sends so that its FIN can arrive and the stream close
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
    }

    /** The handler failed: RESET_STREAM and STOP_SENDING with {@code wireCode}, then close. */
    void fail(int wireCode) {
        stream.finish(ENDED);
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

    @Override
    public void send(ByteBuffer bytes, boolean last) throws IOException {
        transfer.write(bytes);
        ByteBuf chunk = channel.alloc().directBuffer(bytes.remaining());
        chunk.writeBytes(bytes);
        hand(chunk, last);
    }

    @Override
    public void sendFrom(ReadableByteChannel source, int n, long left, boolean last) throws IOException {
        ByteBuf chunk = channel.alloc().directBuffer(n);
        try {
            ChannelFill.fully(source, chunk.internalNioBuffer(0, n), left);
        } catch (IOException | RuntimeException | Error e) {
            chunk.release();
            throw e;
        }
        chunk.writerIndex(n);
        transfer.write(chunk.nioBuffer(0, n));
        hand(chunk, last);
    }

    /** Hands a chunk (ownership passes) to the FIN policy. */
    private void hand(ByteBuf chunk, boolean last) throws IOException {
        try {
            fin.write(chunk, last);
        } catch (IllegalStateException discarded) {
            throw new IOException(ENDED, discarded);
        }
    }

    @Override
    public void finish() {
        fin.end();
    }

    @Override
    public void pauseReading() {
        connectionPauses.paused();
        channel.config().setAutoRead(false);
    }

    @Override
    public void resumeReading() {
        connectionPauses.resumed();
        channel.eventLoop().execute(() -> channel.config().setAutoRead(true));
    }

    /** Nothing reads any more: the stream no longer holds the connection's window for long. */
    @Override
    public void pausedReadingDropped() {
        connectionPauses.resumed();
    }

    // ---- event-loop side ----

    void onData(ByteBuf data) {
        try {
            stream.received(data.nioBuffer());
        } finally {
            data.release();
        }
    }

    /** The end of one read batch: wake the reader once per batch rather than once per frame. */
    void onReadComplete() {
        stream.readComplete();
    }

    void onInputFinished() {
        stream.inputFinished();
    }

    void onWritabilityChanged(boolean nowWritable) {
        stream.writable(nowWritable);
    }

    /** The peer reset the stream, sent STOP_SENDING, or the stream/connection closed. */
    void onAbort(Throwable cause) {
        stream.abort(ServerStreamFailures.aborted(cause, String.valueOf(cause)));
    }

    void onOutputShutdown() {
        stream.abortUnlessFinished(new StreamAbortedException(-1, "the peer stopped reading (STOP_SENDING)"));
    }

    void onClosed() {
        stream.abort(new StreamAbortedException(-1, "stream closed"));
    }
}

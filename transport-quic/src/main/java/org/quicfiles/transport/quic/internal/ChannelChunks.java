package org.quicfiles.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.DefaultQuicStreamFrame;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.quicfiles.bridge.BridgedStream;
import org.quicfiles.bridge.FinPolicy;

/**
 * Where the {@link FinPolicy} of a command's response sends: the stream's channel, in order, each
 * chunk counted in the {@link BridgedStream}'s window until the channel wrote it.
 */
final class ChannelChunks implements FinPolicy.Output<ByteBuf> {
    private final QuicStreamChannel channel;
    private final BridgedStream stream;

    ChannelChunks(QuicStreamChannel channel, BridgedStream stream) {
        this.channel = channel;
        this.stream = stream;
    }

    @Override
    public void send(ByteBuf chunk, boolean last) {
        int n = chunk.readableBytes();
        try {
            channel.eventLoop().execute(() -> channel.writeAndFlush(last ? new DefaultQuicStreamFrame(chunk, true) : chunk)
                    .addListener(done -> stream.written(n, done.cause())));
        } catch (RejectedExecutionException shutDown) {
            // the server is stopping: the stream is gone with its event loop
            chunk.release();
            stream.written(n, shutDown);
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

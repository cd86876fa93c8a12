package org.quicfiles.client.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamLimitChangedEvent;
import io.netty.handler.codec.quic.QuicStreamType;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Opens the connection's bidirectional streams within the server's stream credit, waiting for
 * credit instead of failing. The connection's handler, so it sees Netty's
 * {@link QuicStreamLimitChangedEvent}s.
 *
 * <p>Why it counts for itself: Netty 4.2.18 fails a stream it cannot open with STREAM_LIMIT_ERROR
 * <em>and still consumes the stream id</em>, so after one refusal every later id lies beyond the
 * server's limit and the server is left with implicitly opened streams that never close. A stream
 * must therefore never be attempted without credit. The server's cumulative limit is learnt at
 * each limit event as streams created so far plus the streams Netty says are left (both counted on
 * the event loop, where streams are created), and a stream is only attempted while fewer than that
 * many were reserved. Until the first event (or if the server never sends one) nothing is gated.
 */
public final class StreamOpener extends ChannelInboundHandlerAdapter {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Streams this connection decided to open (caller threads). */
    private long reserved;
    /** Streams Netty created (event loop). */
    private long created;
    /** How many bidirectional streams the server allows in total, or -1 while unknown. */
    private long limit = -1;
    private boolean closed;

    /** The credit handler of {@code connection}, or null if it was set up without one. */
    static StreamOpener of(QuicChannel connection) {
        return connection.pipeline().get(StreamOpener.class);
    }

    /**
     * Opens a bidirectional, half-closable stream with {@code handler}, waiting until
     * {@code timeoutMillis} for credit and for Netty.
     */
    static QuicStreamChannel open(QuicChannel connection, ChannelHandler handler, long timeoutMillis)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        StreamOpener credit = of(connection);
        Promise<QuicStreamChannel> promise = connection.eventLoop().newPromise();
        if (credit != null) {
            credit.reserve(deadline, timeoutMillis);
            promise.addListener(done -> credit.settled(done.isSuccess()));
        }
        try {
            return connection.newStreamBootstrap()
                    .type(QuicStreamType.BIDIRECTIONAL)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(handler)
                    .create(promise)
                    .get(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("cannot open a stream: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("cannot open a stream: timed out", e);
        }
    }

    private void reserve(long deadlineNanos, long timeoutMillis) throws IOException, InterruptedException {
        lock.lock();
        try {
            while (limit >= 0 && reserved >= limit && !closed) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    throw new IOException("cannot open a stream: the server granted no stream credit within "
                            + timeoutMillis + " ms (" + reserved + " of " + limit + " used)");
                }
                changed.awaitNanos(left);
            }
            if (closed) {
                throw new IOException("cannot open a stream: the connection is closed");
            }
            reserved++;
        } finally {
            lock.unlock();
        }
    }

    private void settled(boolean success) {
        lock.lock();
        try {
            if (success) {
                created++;
            } else {
                // Netty spent the id anyway; giving the reservation back lets a waiter find out
                reserved--;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof QuicStreamLimitChangedEvent) {
            long left = ((QuicChannel) ctx.channel()).peerAllowedStreams(QuicStreamType.BIDIRECTIONAL);
            lock.lock();
            try {
                limit = Math.max(limit, created + left);
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        super.channelInactive(ctx);
    }
}

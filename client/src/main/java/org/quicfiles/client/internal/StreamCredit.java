package org.quicfiles.client.internal;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicStreamLimitChangedEvent;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection's handler that lets stream openers wait for stream credit. Netty refuses a new
 * stream at once with STREAM_LIMIT_ERROR while the server's credit is used up, although finished
 * streams are credited back (MAX_STREAMS) shortly after they close; openers wait here and retry
 * instead of failing. Netty 4.2.18 fires {@link QuicStreamLimitChangedEvent} only when its cached
 * count of streams left was zero, which it usually is not (the cache is refreshed only then), so a
 * wait also ends when one of our streams closes, and after {@link #RETRY_MILLIS} at most. A
 * generation counter avoids lost wake-ups: an opener reads it before trying, and waits only if
 * nothing happened since.
 */
public final class StreamCredit extends ChannelInboundHandlerAdapter {
    /** The longest wait between two attempts when no event arrives. */
    static final long RETRY_MILLIS = 20;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private long generation;
    private boolean closed;

    /** The current generation; pass it to {@link #awaitChangeAfter}. */
    long generation() {
        lock.lock();
        try {
            return generation;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until something that may have returned credit happened after {@code seen}, or for
     * {@link #RETRY_MILLIS}, or until {@code deadlineNanos}.
     *
     * @return false if the connection closed or the deadline passed: stop trying
     */
    boolean awaitChangeAfter(long seen, long deadlineNanos) throws InterruptedException {
        long until = Math.min(deadlineNanos, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_MILLIS));
        lock.lock();
        try {
            while (generation == seen && !closed) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                changed.awaitNanos(left);
            }
            return !closed && deadlineNanos - System.nanoTime() > 0;
        } finally {
            lock.unlock();
        }
    }

    /** One of this connection's streams closed: its credit may come back soon. */
    void streamClosed() {
        System.err.println(System.nanoTime() / 1000000 + " CREDIT closed");
        signal(false);
    }

    private void signal(boolean closing) {
        lock.lock();
        try {
            generation++;
            closed |= closing;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        io.netty.handler.codec.quic.QuicChannel q = (io.netty.handler.codec.quic.QuicChannel) ctx.channel();
        System.err.println(System.nanoTime() / 1000000 + " CREDIT event " + event.getClass().getSimpleName() + " bidi=" + q.peerAllowedStreams(io.netty.handler.codec.quic.QuicStreamType.BIDIRECTIONAL) + " uni=" + q.peerAllowedStreams(io.netty.handler.codec.quic.QuicStreamType.UNIDIRECTIONAL));
        if (event instanceof QuicStreamLimitChangedEvent) {
            signal(false);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        signal(true);
        super.channelInactive(ctx);
    }
}

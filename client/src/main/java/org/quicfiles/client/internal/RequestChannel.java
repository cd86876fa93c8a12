package org.quicfiles.client.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.FrameParser;
import org.quicfiles.protocol.Wire;

/**
 * The client's request stream (stream 0): sends commands with increasing request ids and completes
 * each caller's future when the reply with its id arrives, in any order.
 */
public final class RequestChannel extends ChannelInboundHandlerAdapter {
    private final FrameParser parser = new FrameParser();
    private final Map<Long, CompletableFuture<Frame>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private volatile IOException failure;
    private QuicStreamChannel channel;

    private RequestChannel() {
    }

    /** Opens stream 0; must be the first stream the connection opens. */
    public static RequestChannel open(QuicChannel connection, long timeoutMillis) throws IOException {
        RequestChannel requests = new RequestChannel();
        try {
            requests.channel = StreamOpener.open(connection, requests, timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (requests.channel.streamId() != Wire.REQUEST_STREAM_ID) {
            throw new IOException("the request stream got id " + requests.channel.streamId() + ", not 0");
        }
        return requests;
    }

    /**
     * Sends one command and waits for its reply or error reply.
     *
     * @return the reply frame ({@link Frame.Reply} or {@link Frame.ErrorReply})
     * @throws IOException on timeout, or if the request stream failed
     */
    public Frame call(String endpoint, byte[] body, long timeoutMillis) throws IOException {
        long id = nextId.getAndIncrement();
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        pending.put(id, reply);
        try {
            IOException failed = failure;
            if (failed != null) {
                throw copy(failed);
            }
            channel.writeAndFlush(Unpooled.wrappedBuffer(new Frame.Command(id, endpoint, body).encode()));
            return reply.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw copy((IOException) e.getCause());
        } catch (TimeoutException e) {
            throw new java.net.SocketTimeoutException("no reply to '" + endpoint + "' within " + timeoutMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            java.io.InterruptedIOException interrupted = new java.io.InterruptedIOException("interrupted");
            interrupted.initCause(e);
            throw interrupted;
        } finally {
            pending.remove(id);
        }
    }

    /** Sends raw bytes on the request stream (tests and diagnostics). */
    public void sendRaw(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (failure != null || !(msg instanceof ByteBuf data)) {
                return;
            }
            for (Frame frame : parser.feed(data.nioBuffer())) {
                CompletableFuture<Frame> waiting = pending.get(frame.requestId());
                if (waiting != null) {
                    waiting.complete(frame);
                }
            }
        } catch (QuicFilesException e) {
            failAll(new IOException("malformed frame from the server: " + e.getMessage()));
            channel.shutdown((int) Wire.MALFORMED_FRAME_CODE);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof QuicStreamResetException reset) {
            failAll(new QuicFilesClientException(reset.applicationProtocolCode(), "request stream reset by the server"));
        } else {
            failAll(new IOException("request stream failed: " + cause, cause));
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        failAll(new IOException("request stream closed"));
    }

    private void failAll(IOException e) {
        if (failure == null) {
            failure = e;
        }
        pending.values().forEach(future -> future.completeExceptionally(failure));
    }

    private static IOException copy(IOException e) {
        if (e instanceof QuicFilesClientException reset) {
            return new QuicFilesClientException(reset.wireCode(), "request stream reset by the server");
        }
        return new IOException(e.getMessage(), e);
    }
}

package org.quicfiles.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.ChannelOutputShutdownEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.spi.Router;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.AccessLog;
import org.quicfiles.bridge.TransportMetrics;
import org.quicfiles.bridge.MinimumRate;
import org.quicfiles.protocol.HeaderBlockParser;

/**
 * Serves one file stream: parses the command block (400 when malformed or late), finds the
 * {@link StreamCommand} (405 when unknown) and runs it on a virtual thread through a
 * {@link FileStreamExchange}.
 */
final class FileStreamHandler extends ChannelInboundHandlerAdapter {
    private static final AccessLog ACCESS = new AccessLog();
    private final long opened = System.nanoTime();
    /** The command's name once its block is parsed, for the access line of a refusal. */
    private String commandName;
    private final Router router;
    private final TransportSettings settings;
    private final System.Logger logger;
    private final HeaderBlockParser parser;
    private ScheduledFuture<?> headerTimer;
    private FileStreamExchange exchange;
    private boolean rejected;

    private final AbuseLog abuse;
    private final TransportMetrics metrics;

    FileStreamHandler(Router router, TransportSettings settings, AbuseLog abuse, TransportMetrics metrics,
                      System.Logger logger) {
        this.abuse = abuse;
        this.metrics = metrics;
        this.router = router;
        this.settings = settings;
        this.logger = logger;
        this.parser = new HeaderBlockParser(settings.maxHeaderSize());
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        headerTimer = ctx.executor().schedule(() -> {
            if (exchange == null && !rejected) {
                abuse.record(AbuseLog.Cause.HEADER_TIMEOUT);
                reject(ctx, ErrorCode.BAD_REQUEST);
            }
        }, settings.headerTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf data) || rejected) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (exchange != null) {
            exchange.onData(data);
            return;
        }
        try {
            ByteBuffer bytes = data.nioBuffer();
            int start = bytes.position();
            Optional<Bt.Dict> header = parser.feed(bytes);
            data.skipBytes(bytes.position() - start);
            if (header.isPresent()) {
                start(ctx, header.get(), data);
            } else {
                data.release();
            }
        } catch (QuicFilesException e) {
            data.release();
            reject(ctx, e.code());
        }
    }

    private void start(ChannelHandlerContext ctx, Bt.Dict header, ByteBuf rest) {
        headerTimer.cancel(false);
        String name = header.string("!").orElseThrow(
                () -> new QuicFilesException(ErrorCode.BAD_REQUEST, "command block lacks '!'"));
        commandName = name;
        Optional<StreamCommand> command = router.streamCommand(name);
        if (command.isEmpty()) {
            rest.release();
            reject(ctx, ErrorCode.UNKNOWN_COMMAND);
            return;
        }
        QuicStreamChannel channel = (QuicStreamChannel) ctx.channel();
        InetSocketAddress remote = (InetSocketAddress) channel.parent().remoteSocketAddress();
        exchange = new FileStreamExchange(channel, org.quicfiles.protocol.RequestBody.header(header), remote, settings.stallTimeout(),
                new MinimumRate(settings.minRate(), settings.minRateWindow()), abuse);
        exchange.onData(rest);
        new StreamCommandRun(name, command.get(), exchange, metrics, logger).start(channel.streamId());
    }

    private void reject(ChannelHandlerContext ctx, ErrorCode code) {
        if (!rejected) {
            rejected = true;
            QuicStreamChannel channel = (QuicStreamChannel) ctx.channel();
            FileStreamExchange.resetAndClose(channel, code.wireCode());
            // refused before a command ran: no body was read or written
            AccessLog.Entry entry = new AccessLog.Entry((InetSocketAddress) channel.parent().remoteSocketAddress(),
                    channel.parent().id().asShortText(), channel.streamId(), commandName, null, 0, 0,
                    System.nanoTime() - opened, code.wireCode());
            metrics.operation(entry);
            ACCESS.log(entry);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onReadComplete();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent) {
            if (exchange != null) {
                exchange.onInputFinished();
            } else {
                reject(ctx, ErrorCode.BAD_REQUEST);
            }
        } else if (event instanceof ChannelOutputShutdownEvent && exchange != null) {
            // STOP_SENDING (or our own FIN, when the handler is already done): no write can succeed now
            exchange.onOutputShutdown();
        }
        ReferenceCountUtil.release(event);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.onWritabilityChanged(ctx.channel().isWritable());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (exchange != null) {
            exchange.onAbort(cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (headerTimer != null) {
            headerTimer.cancel(false);
        }
        if (exchange != null) {
            exchange.onClosed();
        }
    }
}

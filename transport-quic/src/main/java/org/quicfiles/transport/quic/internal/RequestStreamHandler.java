package org.quicfiles.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.spi.Router;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.RequestMemoryBudget;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.FrameParser;
import org.quicfiles.protocol.RequestAnswers;
import org.quicfiles.protocol.Wire;

/**
 * Serves the request stream (stream 0): parses frames as they arrive, answers a command on the
 * event loop when it needs no blocking work ({@link RequestAnswers#answerAtOnce}), runs each other
 * command on its own virtual thread, and writes replies in whatever order they finish. A malformed frame closes the
 * stream with {@link Wire#MALFORMED_FRAME_CODE}.
 *
 * <p>At most {@code max-requests} commands are in flight (running, or answered but not yet accepted
 * by QUIC because the peer does not read its replies); further commands wait, and reading stops
 * while any wait, so QUIC flow control holds the peer back instead of the server queueing without
 * bound. All state is touched on the stream's event loop only.
 *
 * <p>Across connections, the bodies of parsed commands are charged to the server-wide
 * {@link RequestMemoryBudget} until their reply is accepted. While it is used up, a connection that
 * already has a command outstanding stops reading stream 0 until the budget has room; one with
 * nothing outstanding still reads, so a client that sends one small request at a time is never
 * starved by a flood on other connections (decision note 0162).
 *
 * <p>One connection holds at most {@code request-memory-per-connection} on stream 0: the frame in
 * progress plus the bodies of its commands waiting or in flight; at the cap it stops reading until
 * its commands finish. A frame in progress must keep arriving: no byte for {@code stall-timeout},
 * or fewer than {@code min-rate} bytes per second over {@code min-rate-window} while the server
 * reads, and the stream is reset with {@link Wire#MALFORMED_FRAME_CODE}, so a peer cannot park a
 * nearly complete 10 MB frame for the life of its connection (decision note 0411).
 */
final class RequestStreamHandler extends ChannelInboundHandlerAdapter {
    private static final org.quicfiles.bridge.AccessLog ACCESS = new org.quicfiles.bridge.AccessLog();
    private final Router router;
    private final System.Logger logger;
    private final int maxInFlight;
    private final FrameParser parser = new FrameParser();
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private final RequestMemoryBudget budget;
    private int inFlight;
    private boolean paused;
    private boolean broken;
    private Runnable resume;

    private final AbuseLog abuse;
    private final org.quicfiles.bridge.TransportMetrics metrics;
    private final long maxHeld;

    private final org.quicfiles.bridge.PartialFrameWatch frameWatch;
    /** Bytes of this connection's commands that are waiting or in flight. */
    private long heldCommands;
    /** Whether {@link #startWaiting} is starting commands further up the stack. */
    private boolean starting;
    private io.netty.util.concurrent.ScheduledFuture<?> frameTimer;

    /**
     * @param maxHeld bytes one connection may hold on stream 0 (decision note 0411)
     * @param stallTimeout how long a started frame may go without a byte while the server reads
     * @param minRate bytes per second a started frame must arrive at (0: no check), over {@code minRateWindow}
     */
    RequestStreamHandler(Router router, int maxInFlight, RequestMemoryBudget budget, long maxHeld,
                         java.time.Duration stallTimeout, long minRate, java.time.Duration minRateWindow,
                         AbuseLog abuse, org.quicfiles.bridge.TransportMetrics metrics, System.Logger logger) {
        this.metrics = metrics;
        this.maxHeld = maxHeld;
        this.frameWatch = new org.quicfiles.bridge.PartialFrameWatch(stallTimeout, minRate, minRateWindow);
        this.abuse = abuse;
        this.router = router;
        this.maxInFlight = maxInFlight;
        this.budget = budget;
        this.logger = logger;
    }

    /**
     * A parsed command and the bytes charged for it, read once: {@link Frame.Command#body()} is a
     * copy of up to 10 MB, too dear to take again for each budget step.
     */
    private record Pending(Frame.Command command, long charge) {
        Pending(Frame.Command command) {
            this(command, command.body().length);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (broken || !(msg instanceof ByteBuf data)) {
                return;
            }
            int bytes = data.readableBytes();
            for (Frame frame : parser.feed(data.nioBuffer())) {
                frameWatch.frameEnded();
                if (frame instanceof Frame.Command command) {
                    Pending pending = new Pending(command);
                    budget.take(pending.charge());
                    heldCommands += pending.charge();
                    waiting.add(pending);
                } else {
                    logger.log(System.Logger.Level.DEBUG, "ignoring a reply frame sent to the server");
                }
            }
            watchFrame(ctx, bytes);
            startWaiting(ctx);
        } catch (QuicFilesException e) {
            malformed(ctx, e.getMessage());
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    /** A FIN in the middle of a frame truncates it: that frame is malformed too. */
    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ChannelInputShutdownEvent && !broken && parser.inMiddleOfFrame()) {
            malformed(ctx, "FIN in the middle of a frame");
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Meters the frame in progress, if any; arms the timer that checks it keeps arriving. */
    private void watchFrame(ChannelHandlerContext ctx, int bytes) {
        frameWatch.arrived(bytes, parser.inMiddleOfFrame(), System.nanoTime());
        if (frameWatch.watching() && frameTimer == null) {
            long every = frameWatch.checkIntervalNanos();
            frameTimer = ctx.executor().scheduleAtFixedRate(() -> checkFrame(ctx), every, every,
                    java.util.concurrent.TimeUnit.NANOSECONDS);
        }
    }

    /** Resets stream 0 when the frame in progress stalled or arrives too slowly while the server reads. */
    private void checkFrame(ChannelHandlerContext ctx) {
        if (broken || !frameWatch.watching() || !parser.inMiddleOfFrame()) {
            return;
        }
        java.util.Optional<String> fault = frameWatch.check(System.nanoTime(), paused);
        if (fault.isPresent()) {
            abuse.record(AbuseLog.Cause.PARTIAL_FRAME);
            malformed(ctx, fault.get());
        }
    }

    private void malformed(ChannelHandlerContext ctx, String why) {
        broken = true;
        cancelFrameTimer();
        dropWaiting();
        logger.log(System.Logger.Level.DEBUG, "malformed request-stream frame: " + why);
        FileStreamExchange.resetAndClose((QuicStreamChannel) ctx.channel(), (int) Wire.MALFORMED_FRAME_CODE);
    }

    private void cancelFrameTimer() {
        if (frameTimer != null) {
            frameTimer.cancel(false);
            frameTimer = null;
        }
    }

    /** Commands that will never run give their bytes back. */
    private void dropWaiting() {
        Pending pending;
        while ((pending = waiting.poll()) != null) {
            budget.give(pending.charge());
            heldCommands -= pending.charge();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        broken = true;
        cancelFrameTimer();
        dropWaiting();
        if (resume != null) {
            budget.cancel(resume);
        }
        ctx.fireChannelInactive();
    }

    /**
     * Starts waiting commands while there is room, and reads on only while none waits and the
     * server-wide budget has room (or this connection has nothing outstanding).
     */
    private void startWaiting(ChannelHandlerContext ctx) {
        if (starting) {
            return; // a reply written at once completed inside the loop below, which goes on from here
        }
        starting = true;
        try {
            while (inFlight < maxInFlight && !waiting.isEmpty()) {
                start(ctx, waiting.poll());
            }
        } finally {
            starting = false;
        }
        boolean full = !waiting.isEmpty() || inFlight >= maxInFlight;
        boolean overBudget = !full && inFlight > 0 && budget.exhausted();
        // what this connection holds: it makes progress again as its commands finish
        boolean overConnection = !full && !overBudget && heldCommands > 0
                && heldCommands + parser.heldBytes() >= maxHeld;
        boolean pause = full || overBudget || overConnection;
        if (pause != paused) {
            paused = pause;
            ctx.channel().config().setAutoRead(!pause);
            if (pause) {
                abuse.record(full ? AbuseLog.Cause.MAX_REQUESTS
                        : overBudget ? AbuseLog.Cause.REQUEST_MEMORY : AbuseLog.Cause.CONNECTION_MEMORY);
            }
        }
        if (overBudget) {
            if (resume == null) {
                resume = () -> ctx.channel().eventLoop().execute(() -> {
                    if (!broken) {
                        startWaiting(ctx);
                    }
                });
            }
            budget.whenRoom(resume);
        } else if (resume != null) {
            budget.cancel(resume); // reading again: no stale registration left behind
        }
    }

    private void start(ChannelHandlerContext ctx, Pending pending) {
        Frame.Command command = pending.command();
        inFlight++;
        Channel channel = ctx.channel();
        long asked = System.nanoTime();
        java.util.Optional<Frame> atOnce;
        try {
            atOnce = RequestAnswers.answerAtOnce(router, command, logger);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // a router's lookup failed: the command still gets its reply and the stream goes on
            logger.log(System.Logger.Level.WARNING, "stream-0 command '" + command.endpoint()
                    + "' failed outside its endpoint; answered INTERNAL_ERROR", e);
            atOnce = java.util.Optional.of(new Frame.ErrorReply(command.requestId(),
                    RequestAnswers.errorBody(command.body(), org.quicfiles.api.ErrorCode.INTERNAL_ERROR)));
        }
        if (atOnce.isPresent()) {
            // answered here on the loop: no thread to start, and no way back to the loop (note 0193)
            reply(ctx, pending, atOnce.get());
            logAccess(channel, command, pending.charge(), atOnce.get(), System.nanoTime() - asked);
            return;
        }
        Thread.ofVirtual().name("quicfiles-request-" + command.requestId()).start(() -> {
            long started = System.nanoTime();
            Frame answer = RequestAnswers.answer(router, command, logger);
            long nanos = System.nanoTime() - started;
            reply(ctx, pending, answer);
            // after the reply left for the loop: the line is not on the request's path
            logAccess(channel, command, pending.charge(), answer, nanos);
        });
    }

    /** Writes a command's reply; the command stays in flight until QUIC accepted it. */
    private void reply(ChannelHandlerContext ctx, Pending pending, Frame answer) {
        // the listener runs on the event loop, like every other use of inFlight
        ctx.channel().writeAndFlush(Unpooled.wrappedBuffer(answer.encode())).addListener(written -> {
            inFlight--;
            budget.give(pending.charge());
            heldCommands -= pending.charge();
            if (!broken) {
                startWaiting(ctx);
            }
        });
    }

    /** The command's access line, on its own thread: the time is the endpoint's. */
    private void logAccess(Channel channel, Frame.Command command, long bodyLength, Frame answer, long nanos) {
        if (ACCESS.enabled() || metrics.active()) {
            Channel connection = channel.parent();
            org.quicfiles.bridge.AccessLog.Entry entry = new org.quicfiles.bridge.AccessLog.Entry(
                    (java.net.InetSocketAddress) ((io.netty.handler.codec.quic.QuicChannel) connection).remoteSocketAddress(),
                    connection.id().asShortText(), ((QuicStreamChannel) channel).streamId(), command.endpoint(),
                    org.quicfiles.bridge.AccessLog.requestFileId(command.body()), bodyLength,
                    answer.body().length, nanos,
                    org.quicfiles.bridge.AccessLog.requestResult(answer instanceof Frame.ErrorReply, answer.body()));
            metrics.operation(entry);
            ACCESS.log(entry);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        logger.log(System.Logger.Level.DEBUG, "request stream failed: " + cause);
        ctx.close();
    }
}

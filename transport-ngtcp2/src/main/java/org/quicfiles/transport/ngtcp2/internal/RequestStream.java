package org.quicfiles.transport.ngtcp2.internal;

import java.lang.foreign.MemorySegment;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.spi.Router;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.AccessLog;
import org.quicfiles.bridge.RequestMemoryBudget;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.FrameParser;
import org.quicfiles.protocol.RequestAnswers;
import org.quicfiles.protocol.Wire;

/**
 * The request stream (stream 0) of one connection, on its event loop: parses frames as they
 * arrive, answers a command on the loop when it needs no blocking work
 * ({@link RequestAnswers#answerAtOnce}), each other command on its own virtual thread, and sends
 * replies in whatever order they finish. At most {@code max-requests} commands run at once; parsed commands beyond that wait in
 * order, and while any wait the bytes read are not given back to the peer's window, so QUIC flow
 * control holds it back. Across connections, parsed commands' bodies are charged to the server-wide
 * {@link RequestMemoryBudget} until their reply is queued; while it is used up, a connection that
 * already has a command running gives no window back until the budget has room (one with nothing
 * running still does, so one small request at a time is never starved; decision note 0162), and
 * one connection holds at most {@code request-memory-per-connection} (its commands and the frame
 * in progress; note 0411). Each pause is counted in the {@link AbuseLog}. A malformed frame
 * closes the stream with {@link Wire#MALFORMED_FRAME_CODE}, and so does a frame in progress that
 * stalls for {@code stall-timeout} or arrives slower than {@code min-rate} while the server reads,
 * as on the Netty transport (note 0411): without it a peer could park a nearly whole 10 MB frame
 * for the life of its connection.
 */
final class RequestStream {
    private static final AccessLog ACCESS = new AccessLog();
    private final FrameParser parser = new FrameParser();
    private final FileExchange.StreamOwner owner;
    private final Router router;
    private final System.Logger logger;
    private final FailureLog failures;
    private final int maxInFlight;
    private final RequestMemoryBudget budget;
    private final AbuseLog abuse;
    private final long maxHeld;
    private final Runnable resume;
    /** Bytes of this connection's commands that are waiting or running. */
    private long heldCommands;
    private boolean paused;
    private final java.util.ArrayDeque<Pending> waiting = new java.util.ArrayDeque<>();
    private int inFlight;
    private long withheld;
    private boolean broken;
    private final org.quicfiles.bridge.PartialFrameWatch frameWatch;
    private boolean frameCheckScheduled;

    RequestStream(FileExchange.StreamOwner owner, Router router, ServerSettings settings, RequestMemoryBudget budget,
                  AbuseLog abuse, System.Logger logger, FailureLog failures) {
        this.owner = owner;
        this.failures = failures;
        this.budget = budget;
        this.abuse = abuse;
        this.maxHeld = settings.requestMemoryPerConnection();
        this.resume = () -> owner.execute(() -> {
            if (!broken) {
                startWaiting();
            }
        });
        this.router = router;
        this.maxInFlight = settings.maxRequests();
        this.logger = logger;
        this.frameWatch = new org.quicfiles.bridge.PartialFrameWatch(settings.stallTimeout(), settings.minRate(),
                settings.minRateWindow());
    }

    /** Stream data arrived (inside an ngtcp2 callback: extending windows is allowed, resetting is deferred). */
    void onData(MemorySegment data, boolean fin, Runnable malformed) {
        if (broken) {
            return;
        }
        try {
            parser.feed(data.asByteBuffer(), frame -> {
                frameWatch.frameEnded();
                if (frame instanceof Frame.Command command) {
                    Pending pending = new Pending(command);
                    budget.take(pending.charge());
                    heldCommands += pending.charge();
                    waiting.add(pending);
                } else {
                    logger.log(System.Logger.Level.DEBUG, "ignoring a reply frame sent to the server");
                }
            });
            if (fin && parser.inMiddleOfFrame()) {
                throw new QuicFilesException(org.quicfiles.api.ErrorCode.BAD_REQUEST, "FIN in the middle of a frame");
            }
        } catch (QuicFilesException e) {
            broken = true;
            logger.log(System.Logger.Level.DEBUG, "malformed request-stream frame: " + e.getMessage());
            malformed.run();
            return;
        }
        withheld += data.byteSize();
        watchFrame(data.byteSize());
        startWaiting();
    }

    /** Meters the frame in progress, if any, and has its checks scheduled. */
    private void watchFrame(long bytes) {
        frameWatch.arrived(bytes, parser.inMiddleOfFrame(), System.nanoTime());
        if (frameWatch.watching() && !frameCheckScheduled) {
            scheduleFrameCheck();
        }
    }

    private void scheduleFrameCheck() {
        frameCheckScheduled = true;
        owner.schedule(frameWatch.checkIntervalNanos(), this::checkFrame);
    }

    /** Resets stream 0 when the frame in progress stalled or arrives too slowly while the server reads. */
    private void checkFrame() {
        frameCheckScheduled = false;
        if (broken || !frameWatch.watching() || !parser.inMiddleOfFrame()) {
            return;
        }
        java.util.Optional<String> fault = frameWatch.check(System.nanoTime(), paused);
        if (fault.isPresent()) {
            abuse.record(AbuseLog.Cause.PARTIAL_FRAME);
            logger.log(System.Logger.Level.DEBUG, "malformed request-stream frame: " + fault.get());
            broken = true;
            owner.reset(Wire.REQUEST_STREAM_ID, Wire.MALFORMED_FRAME_CODE); // onClosed gives the commands' bytes back
            return;
        }
        scheduleFrameCheck();
    }

    private void startWaiting() {
        while (inFlight < maxInFlight && !waiting.isEmpty()) {
            start(waiting.poll());
        }
        giveBackWindow();
    }

    private void start(Pending pending) {
        Frame.Command command = pending.command();
        long asked = System.nanoTime();
        java.util.Optional<Frame> atOnce;
        try {
            atOnce = RequestAnswers.answerAtOnce(router, command, logger);
        } catch (Throwable e) {
            atOnce = java.util.Optional.of(failedOutsideEndpoint(command, e));
        }
        if (atOnce.isPresent()) {
            // answered here on the loop: no thread to start, and no way back to the loop (note 0193)
            budget.give(pending.charge());
            heldCommands -= pending.charge();
            owner.send(Wire.REQUEST_STREAM_ID, owner.sendMemory().copyNow(atOnce.get().encode()));
            logAccess(command, pending.charge(), atOnce.get(), System.nanoTime() - asked);
            return;
        }
        inFlight++;
        Thread.ofVirtual().name("quicfiles-request-" + command.requestId()).start(() -> {
            long started = System.nanoTime();
            Frame answer;
            try {
                answer = RequestAnswers.answer(router, command, logger);
            } catch (Throwable e) {
                answer = failedOutsideEndpoint(command, e);
            }
            long answered = System.nanoTime();
            byte[] reply = answer.encode();
            owner.execute(() -> {
                inFlight--;
                budget.give(pending.charge());
                heldCommands -= pending.charge();
                if (!broken) {
                    owner.send(Wire.REQUEST_STREAM_ID, owner.sendMemory().copyNow(reply));
                    startWaiting();
                }
            });
            // after the reply left for the loop: the line is not on the request's path
            logAccess(command, pending.charge(), answer, answered - started);
        });
    }

    /**
     * RequestAnswers catches what endpoints throw, not a router's lookup nor every Error: without a
     * reply the command would hold its slot and its budget for ever, so it is answered
     * {@code INTERNAL_ERROR} and the failure logged once.
     */
    private Frame failedOutsideEndpoint(Frame.Command command, Throwable e) {
        failures.report("stream-0 command", "stream-0 command '" + command.endpoint()
                + "' failed outside its endpoint; answered INTERNAL_ERROR: " + e, e);
        return new Frame.ErrorReply(command.requestId(),
                RequestAnswers.errorBody(command.body(), org.quicfiles.api.ErrorCode.INTERNAL_ERROR));
    }

    /** The command's access line, on its own thread (or the loop's, when answered at once): the time is the endpoint's. */
    private void logAccess(Frame.Command command, long bodyLength, Frame answer, long nanos) {
        // the owner is the connection, except in tests that serve a stream without one
        ServerConnection connection = owner instanceof ServerConnection c ? c : null;
        org.quicfiles.bridge.TransportMetrics metrics = connection == null
                ? org.quicfiles.bridge.TransportMetrics.NONE : connection.metrics();
        if (ACCESS.enabled() || metrics.active()) {
            AccessLog.Entry entry = new AccessLog.Entry(connection == null ? null : connection.remote(),
                    connection == null ? null : Long.toString(connection.id()), Wire.REQUEST_STREAM_ID,
                    command.endpoint(), AccessLog.requestFileId(command.body()), bodyLength,
                    answer.body().length, nanos,
                    AccessLog.requestResult(answer instanceof Frame.ErrorReply, answer.body()));
            metrics.operation(entry);
            ACCESS.log(entry);
        }
    }

    /**
     * Gives the bytes read back to the peer's window unless a command waits, the server-wide budget
     * is used up while this connection has a command running, or this connection holds its share.
     */
    private void giveBackWindow() {
        boolean full = !waiting.isEmpty() || inFlight >= maxInFlight;
        boolean overBudget = !full && inFlight > 0 && budget.exhausted();
        // what this connection holds: it makes progress again as its commands finish
        boolean overConnection = !full && !overBudget && heldCommands > 0
                && heldCommands + parser.heldBytes() >= maxHeld;
        boolean pause = full || overBudget || overConnection;
        if (pause && !paused) {
            abuse.record(full ? AbuseLog.Cause.MAX_REQUESTS
                    : overBudget ? AbuseLog.Cause.REQUEST_MEMORY : AbuseLog.Cause.CONNECTION_MEMORY);
        }
        paused = pause;
        if (overBudget) {
            budget.whenRoom(resume);
        } else {
            budget.cancel(resume);
        }
        if (!pause && withheld > 0) {
            owner.consumed(Wire.REQUEST_STREAM_ID, withheld);
            withheld = 0;
        }
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

    /** The stream or connection ended: replies still running are dropped. */
    void onClosed() {
        broken = true;
        budget.cancel(resume);
        Pending dropped;
        while ((dropped = waiting.poll()) != null) {
            budget.give(dropped.charge());
        }
    }
}

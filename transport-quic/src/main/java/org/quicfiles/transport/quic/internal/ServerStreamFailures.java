package org.quicfiles.transport.quic.internal;

import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.bridge.AbuseLog;
import org.quicfiles.bridge.BridgedStream;
import org.quicfiles.bridge.PeerWatchdog;

/**
 * The server's failure policy for a command's stream (decision note 0185): a peer out of time
 * (stall, minimum rate) is abuse, logged and reset with 499, and the command's call then throws
 * {@link StreamAbortedException} (notes 0151, 0161). Netty does not always tell a parked writer
 * that the peer sent STOP_SENDING (no event, no failed write when nothing is queued), so a
 * writer's wait re-checks the channel every 250 ms. A reader's wait while another stream of the
 * connection has stopped reading is the server's, not the peer's ({@link ConnectionReadPauses}).
 */
final class ServerStreamFailures implements BridgedStream.Failures {
    private static final long WRITER_WAIT_CAP_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final QuicStreamChannel channel;
    private final AbuseLog abuse;
    private final ConnectionReadPauses connectionPauses;

    ServerStreamFailures(QuicStreamChannel channel, AbuseLog abuse, ConnectionReadPauses connectionPauses) {
        this.channel = channel;
        this.abuse = abuse;
        this.connectionPauses = connectionPauses;
    }

    @Override
    public void outOfTime(BridgedStream stream, PeerWatchdog.Verdict verdict) {
        if (!stream.aborted()) {
            abuse.record(verdict == PeerWatchdog.Verdict.TOO_SLOW ? AbuseLog.Cause.MIN_RATE : AbuseLog.Cause.STALL);
        }
        stream.abort(new StreamAbortedException(-1, stream.watchdog().describe(verdict)));
        FileStreamExchange.resetAndClose(channel, ErrorCode.ABANDONED.wireCode());
    }

    @Override
    public void interrupted(BridgedStream stream, InterruptedException e) {
        stream.abort(new StreamAbortedException(-1, "interrupted"));
    }

    @Override
    public boolean readerOwnWait() {
        return connectionPauses.any();
    }

    @Override
    public void writerQuiet(BridgedStream stream) {
        if (channel.isOutputShutdown() || !channel.isActive()) {
            stream.abort(new StreamAbortedException(-1, "the peer stopped reading or the stream closed"));
        }
    }

    @Override
    public long writerWaitCapNanos() {
        return WRITER_WAIT_CAP_NANOS;
    }

    @Override
    public IOException thrown(IOException cause) {
        // a new exception each time, so that its stack shows the read or write that failed
        return cause instanceof StreamAbortedException aborted
                ? new StreamAbortedException(aborted.peerCode(), aborted.getMessage())
                : new IOException(cause.getMessage(), cause);
    }

    @Override
    public void writeFailed(BridgedStream stream, Throwable cause) {
        stream.abort(aborted(cause, "write failed: " + cause));
    }

    /** Why the stream ended under the command: {@code cause}'s RESET_STREAM code if it has one, else -1. */
    static StreamAbortedException aborted(Throwable cause, String reason) {
        return new StreamAbortedException(cause instanceof QuicStreamResetException reset
                ? reset.applicationProtocolCode() : -1, reason);
    }
}

package org.quicfiles.client.internal;

import io.netty.handler.codec.quic.QuicStreamResetException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.function.IntConsumer;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.bridge.BridgedStream;
import org.quicfiles.bridge.PeerWatchdog;
import org.quicfiles.client.QuicFilesClientException;

/**
 * The client's failure policy for a stream (decision notes 0182, 0185): time up or an interrupt
 * abandons the stream (499 to the server) and fails the call at once with
 * {@link SocketTimeoutException} or {@link InterruptedIOException}; the call's deadline is checked
 * before each read and write, so that it bounds a call whose data keeps flowing; the server's
 * RESET_STREAM code wins over any other failure; a failed write (e.g. STOP_SENDING, whose code
 * Netty does not report) ends writing, not reading.
 */
final class ClientStreamFailures implements BridgedStream.Failures {
    private final IntConsumer resetOnWire;
    /** The server's RESET_STREAM code, once known; set before the stream is aborted with it. */
    private volatile QuicFilesClientException resetByServer;

    /** @param resetOnWire sends RESET_STREAM and STOP_SENDING with a code and closes the stream */
    ClientStreamFailures(IntConsumer resetOnWire) {
        this.resetOnWire = resetOnWire;
    }

    @Override
    public void beforeCall(BridgedStream stream) throws IOException {
        if (!stream.aborted() && resetByServer == null && stream.watchdog().expired() == PeerWatchdog.Verdict.DEADLINE) {
            throw abandon(stream, new SocketTimeoutException("the call's deadline passed"));
        }
    }

    @Override
    public void outOfTime(BridgedStream stream, PeerWatchdog.Verdict verdict) throws IOException {
        throw abandon(stream, new SocketTimeoutException(verdict == PeerWatchdog.Verdict.DEADLINE
                ? "the call's deadline passed" : stream.watchdog().describe(verdict).replace("the peer", "the server")));
    }

    @Override
    public void interrupted(BridgedStream stream, InterruptedException e) throws IOException {
        InterruptedIOException interrupted = new InterruptedIOException("interrupted while waiting for the server");
        interrupted.initCause(e);
        throw abandon(stream, interrupted);
    }

    /** Gives up the stream from the client's side: 499 to the server, {@code why} to every later call. */
    private IOException abandon(BridgedStream stream, IOException why) {
        resetOnWire.accept(ErrorCode.ABANDONED.wireCode());
        stream.abort(why);
        return why;
    }

    @Override
    public IOException thrown(IOException cause) {
        QuicFilesClientException reset = resetByServer;
        if (reset != null) {
            return new QuicFilesClientException(reset.wireCode(), "stream reset by the server");
        }
        return cause instanceof InterruptedIOException timedOutOrInterrupted
                ? timedOutOrInterrupted : new IOException(cause.getMessage(), cause);
    }

    @Override
    public void writeFailed(BridgedStream stream, Throwable cause) {
        stream.endWriting(toException(cause));
    }

    /** The transport failed the stream with {@code cause}: a reset by the server is remembered, then the stream aborted. */
    void failed(BridgedStream stream, Throwable cause) {
        IOException failed = toException(cause);
        if (failed instanceof QuicFilesClientException reset && resetByServer == null) {
            resetByServer = reset;
        }
        stream.abort(failed);
    }

    private static IOException toException(Throwable cause) {
        if (cause instanceof QuicStreamResetException reset) {
            return new QuicFilesClientException(reset.applicationProtocolCode(), "stream reset by the server");
        }
        return cause instanceof IOException io ? io : new IOException(String.valueOf(cause), cause);
    }
}

package org.quicfiles.bridge;

import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.StreamAbortedException;

/**
 * How a stream command's failure reaches its peer, the same on every transport: a
 * {@link QuicFilesException} resets the stream with its code (logged when it is a server-side 480,
 * which the operator must see), a {@link StreamAbortedException} (the peer is gone) with 499, and
 * anything else with 480, logged once with its stack trace.
 */
public final class CommandFailures {
    private CommandFailures() {
    }

    /**
     * The application error code to reset the stream with.
     *
     * @param command the command's name, for the log
     * @param failure what the command threw
     * @param logger where server-side failures are logged
     */
    public static int resetCode(String command, Throwable failure, System.Logger logger) {
        if (failure instanceof QuicFilesException e) {
            if (e.code() == ErrorCode.INTERNAL_ERROR) {
                logger.log(System.Logger.Level.WARNING, "stream command '" + command + "' failed with 480: " + e.getMessage());
            }
            return e.code().wireCode();
        }
        if (failure instanceof StreamAbortedException) {
            // the peer is gone or stopped this stream: nothing more can be sent, only release
            return ErrorCode.ABANDONED.wireCode();
        }
        logger.log(System.Logger.Level.WARNING, "stream command '" + command + "' failed", failure);
        return ErrorCode.INTERNAL_ERROR.wireCode();
    }
}

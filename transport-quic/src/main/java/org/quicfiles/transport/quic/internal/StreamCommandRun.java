package org.quicfiles.transport.quic.internal;

import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.api.endpoint.StreamCommand;

/** Runs one stream command on its own virtual thread and ends the stream by how it finished. */
final class StreamCommandRun implements Runnable {
    private final String name;
    private final StreamCommand command;
    private final FileStreamExchange exchange;
    private final System.Logger logger;

    StreamCommandRun(String name, StreamCommand command, FileStreamExchange exchange, System.Logger logger) {
        this.name = name;
        this.command = command;
        this.exchange = exchange;
        this.logger = logger;
    }

    void start(long streamId) {
        Thread.ofVirtual().name("quicfiles-" + name + "-" + streamId).start(this);
    }

    @Override
    public void run() {
        try {
            command.handle(exchange);
            exchange.complete();
        } catch (QuicFilesException e) {
            if (e.code() == ErrorCode.INTERNAL_ERROR) {
                // a server-side failure (disk full, I/O error) the operator must see; the peer only gets 480
                logger.log(System.Logger.Level.WARNING, "stream command '" + name + "' failed with 480: " + e.getMessage());
            }
            exchange.fail(e.code().wireCode());
        } catch (StreamAbortedException e) {
            // the peer is gone or stopped this stream: nothing more can be sent, only release
            exchange.fail(ErrorCode.ABANDONED.wireCode());
        } catch (Throwable e) {
            logger.log(System.Logger.Level.WARNING, "stream command '" + name + "' failed", e);
            exchange.fail(ErrorCode.INTERNAL_ERROR.wireCode());
        }
    }
}

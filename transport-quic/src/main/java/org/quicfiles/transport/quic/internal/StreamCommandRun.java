package org.quicfiles.transport.quic.internal;

import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.bridge.AccessLog;
import org.quicfiles.bridge.CommandFailures;
import org.quicfiles.bridge.TransportMetrics;

/**
 * Runs one stream command on its own virtual thread, ends the stream by how it finished and writes
 * its access line.
 */
final class StreamCommandRun implements Runnable {
    private static final AccessLog ACCESS = new AccessLog();

    private final String name;
    private final StreamCommand command;
    private final FileStreamExchange exchange;
    private final TransportMetrics metrics;
    private final System.Logger logger;

    StreamCommandRun(String name, StreamCommand command, FileStreamExchange exchange, TransportMetrics metrics,
                     System.Logger logger) {
        this.metrics = metrics;
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
        int result = AccessLog.OK;
        try {
            command.handle(exchange);
            exchange.complete();
        } catch (Throwable e) {
            result = CommandFailures.resetCode(name, e, logger);
            exchange.fail(result);
        }
        AccessLog.Entry entry = exchange.accessEntry(result);
        metrics.operation(entry);
        ACCESS.log(entry);
    }
}

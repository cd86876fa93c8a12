package org.quicfiles.transport.quic.internal;

import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.bridge.CommandFailures;

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
        } catch (Throwable e) {
            exchange.fail(CommandFailures.resetCode(name, e, logger));
        }
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.spi.Router;
import org.quicfiles.bridge.AccessLog;
import org.quicfiles.protocol.HeaderBlockParser;

/**
 * A file stream on the event loop: parses the command block (400 when malformed or late), finds the
 * {@link StreamCommand} (405 when unknown), then hands the rest of the stream to a
 * {@link FileExchange} served by the command on its own virtual thread.
 */
final class FileStream {
    private static final AccessLog ACCESS = new AccessLog();
    private final long opened = System.nanoTime();
    /** The command's name once its block is parsed, for the access line of a refusal. */
    private String commandName;
    private InetSocketAddress remote;
    private final long streamId;
    private final ServerConnection connection;
    private final ServerSettings settings;
    private final Router router;
    private final System.Logger logger;
    private final HeaderBlockParser parser;
    private FileExchange exchange;
    private boolean rejected;

    FileStream(long streamId, ServerConnection connection, ServerSettings settings, Router router, System.Logger logger) {
        this.streamId = streamId;
        this.connection = connection;
        this.settings = settings;
        this.router = router;
        this.logger = logger;
        this.parser = new HeaderBlockParser(settings.maxHeaderSize());
    }

    /** Whether the command block is still incomplete (no command started, nothing refused). */
    boolean awaitingHeader() {
        return exchange == null && !rejected;
    }

    /** Resets the stream with 400 if its command block is not complete by then (loop timer). */
    void onHeaderTimeout() {
        if (awaitingHeader()) {
            connection.abuse().record(org.quicfiles.bridge.AbuseLog.Cause.HEADER_TIMEOUT);
            reject(ErrorCode.BAD_REQUEST);
        }
    }

    /** Inside an ngtcp2 callback. */
    void onData(MemorySegment data, boolean fin, InetSocketAddress remote) {
        this.remote = remote;
        if (rejected) {
            connection.consumed(streamId, data.byteSize()); // the connection's window, not lost to a reset stream
            return;
        }
        if (exchange != null) {
            connection.consumed(streamId, exchange.onData(data, fin));
            return;
        }
        ByteBuffer bytes = data.asByteBuffer();
        try {
            Optional<Bt.Dict> header = parser.feed(bytes);
            // the command block is the transport's to read: give its bytes back to the window now
            connection.consumed(streamId, bytes.position());
            if (header.isPresent()) {
                start(header.get(), data.asSlice(bytes.position()), fin, remote);
            } else if (fin) {
                reject(ErrorCode.BAD_REQUEST);
            }
        } catch (QuicFilesException e) {
            reject(e.code());
        }
    }

    private void start(Bt.Dict header, MemorySegment rest, boolean fin, InetSocketAddress remote) {
        String name = header.string("!").orElse(null);
        commandName = name;
        if (name == null) {
            reject(ErrorCode.BAD_REQUEST);
            return;
        }
        Optional<StreamCommand> command;
        try {
            command = router.streamCommand(name);
        } catch (RuntimeException | LinkageError | AssertionError e) {
            // inside ngtcp2's callback: thrown on, it would close the whole connection
            connection.failures().report("router: stream command", "the router failed to look up stream command '" + name
                    + "'; its stream is reset with 480: " + e, e);
            reject(ErrorCode.INTERNAL_ERROR);
            return;
        }
        if (command.isEmpty()) {
            reject(ErrorCode.UNKNOWN_COMMAND);
            return;
        }
        exchange = new FileExchange(connection, streamId, org.quicfiles.protocol.RequestBody.header(header), remote, settings.stallTimeout(),
                new org.quicfiles.bridge.MinimumRate(settings.minRate(), settings.minRateWindow()), connection.abuse());
        connection.consumed(streamId, exchange.onData(rest, fin));
        FileExchange started = exchange;
        StreamCommand handler = command.get();
        Thread.ofVirtual().name("quicfiles-" + name + "-" + streamId).start(() -> run(name, handler, started));
    }

    private void run(String name, StreamCommand command, FileExchange exchange) {
        int result = AccessLog.OK;
        try {
            command.handle(exchange);
            exchange.complete();
        } catch (Throwable e) {
            result = org.quicfiles.bridge.CommandFailures.resetCode(name, e, logger);
            exchange.fail(result);
        }
        AccessLog.Entry entry = exchange.accessEntry(Long.toString(connection.id()), result);
        connection.metrics().operation(entry);
        ACCESS.log(entry);
    }

    private void reject(ErrorCode code) {
        if (!rejected) {
            rejected = true;
            connection.afterCallback(() -> connection.reset(streamId, code.wireCode()));
            // refused before a command ran: no body was read or written
            AccessLog.Entry entry = new AccessLog.Entry(remote != null ? remote : connection.remote(),
                    Long.toString(connection.id()), streamId, commandName, null, 0, 0, System.nanoTime() - opened,
                    code.wireCode());
            connection.metrics().operation(entry);
            ACCESS.log(entry);
        }
    }

    void onAcked(long bytes) {
        if (exchange != null) {
            exchange.onAcked(bytes);
        }
    }

    void onWindowOpened() {
        if (exchange != null) {
            exchange.onWindowOpened();
        }
    }

    void onAbort(long code, String reason) {
        if (exchange != null) {
            exchange.onAbort(code, reason);
        }
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One connection's qlog trace ({@code transport.qlog-dir}): the JSON-SEQ text ngtcp2 hands to its
 * qlog callback, appended to {@code <original DCID in hex>-<connection number>.qlog} on the loop
 * thread. A write that fails is logged once and ends the trace; the connection goes on.
 */
final class QlogFile implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final System.Logger logger;
    private boolean broken;

    private QlogFile(Path path, FileChannel channel, System.Logger logger) {
        this.path = path;
        this.channel = channel;
        this.logger = logger;
    }

    /** @param originalDcid the client's first DCID in hex */
    static QlogFile create(Path folder, String originalDcid, long connection, System.Logger logger) throws IOException {
        Path path = folder.resolve(originalDcid + "-" + connection + ".qlog");
        return new QlogFile(path, FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), logger);
    }

    /** Appends {@code data} (valid only during the call). */
    void write(MemorySegment data) {
        if (broken) {
            return;
        }
        try {
            ByteBuffer bytes = data.asByteBuffer();
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
        } catch (IOException | RuntimeException e) {
            broken = true;
            logger.log(System.Logger.Level.WARNING, "qlog trace " + path + " stopped: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            logger.log(System.Logger.Level.DEBUG, "closing qlog trace " + path + ": " + e.getMessage());
        }
    }
}

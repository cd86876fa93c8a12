package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.protocol.ContentIds;
import org.quicfiles.protocol.PutReply;

/**
 * {@code PUT}: streams the body into a temporary blob chunk by chunk while hashing it, checks the
 * size, commits it under its id and answers with the raw bt dictionary {@code {#, u, x}}. A failed
 * upload leaves no blob, no temporary and no row: the temporary is closed (aborted) in every case.
 */
final class PutStreamCommand implements StreamCommand {
    /** The command name in the header block's {@code !}. */
    static final String NAME = "PUT";

    static final int CHUNK_BYTES = 64 * 1024;

    private final BlobStore store;
    private final FileCatalog catalog;
    private final FilesSettings settings;

    PutStreamCommand(BlobStore store, FileCatalog catalog, FilesSettings settings) {
        this.store = store;
        this.catalog = catalog;
        this.settings = settings;
    }

    @Override
    public void handle(StreamExchange exchange) throws IOException {
        Request header = exchange.header();
        long size = header.integer("s")
                .orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "PUT without 's'"));
        if (size < 1 || size > settings.maxSize()) {
            throw new QuicFilesException(ErrorCode.BAD_SIZE, "PUT size " + size + " outside 1.." + settings.maxSize());
        }
        long ttlSeconds = settings.clampTtl(header.integer("t"));
        FileInfo stored;
        try (BlobWriter writer = createTemporary()) {
            ContentIds.Hasher hasher = settings.compatIds() ? null : ContentIds.hasher();
            receive(exchange, writer, hasher, size);
            stored = hasher == null
                    ? catalog.commitCompat(writer, size, ttlSeconds)
                    : catalog.commitContent(writer, hasher.finish(), size, ttlSeconds);
        }
        exchange.write(ByteBuffer.wrap(reply(stored)));
    }

    /** The PUT answer: {@code {#, u, x}}, raw bt without a length prefix. */
    static byte[] reply(FileInfo file) {
        return new PutReply(file.id(), file.uploaded(), file.expiry()).encode();
    }

    private BlobWriter createTemporary() {
        try {
            return store.create();
        } catch (IOException e) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "cannot create a temporary blob", e);
        }
    }

    /** Copies exactly {@code size} body bytes into {@code writer}; 453 on more, 452 on fewer. */
    private static void receive(StreamExchange exchange, BlobWriter writer, ContentIds.Hasher hasher, long size)
            throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES);
        long received = 0;
        int read;
        while ((read = exchange.read(chunk.clear())) >= 0) {
            received += read;
            if (received > size) {
                throw new QuicFilesException(ErrorCode.TOO_LONG, "PUT body longer than " + size);
            }
            if (hasher != null) {
                hasher.update(chunk.array(), chunk.arrayOffset(), read);
            }
            append(writer, chunk.flip());
        }
        if (received < size) {
            throw new QuicFilesException(ErrorCode.TOO_SHORT, "PUT body of " + received + " bytes, declared " + size);
        }
    }

    private static void append(BlobWriter writer, ByteBuffer chunk) {
        try {
            while (chunk.hasRemaining()) {
                writer.write(chunk);
            }
        } catch (IOException e) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "cannot write an upload", e);
        }
    }
}

package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.protocol.FileIds;
import org.quicfiles.protocol.GetHead;

/**
 * {@code GET}: checks the id, checks that no byte follows the header block (any byte is 400, whether
 * or not the id exists: protocol.md section 3.3), looks the id up (unknown or expired: 404), then
 * answers {@code <len>:} + bt {@code {s, u, x}} and the blob's bytes in chunks. Clients send FIN in
 * the header block's frame, so checking for a body first costs no round trip. The reader is closed however the stream ends,
 * including when the peer stops reading.
 */
final class GetStreamCommand implements StreamCommand {
    /** The command name in the header block's {@code !}. */
    static final String NAME = "GET";

    static final int CHUNK_BYTES = 64 * 1024;

    private final BlobStore store;
    private final FileCatalog catalog;

    GetStreamCommand(BlobStore store, FileCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    @Override
    public void handle(StreamExchange exchange) throws IOException {
        String id = exchange.header().string("#")
                .orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "GET without '#'"));
        FileIds.requireValid(id);
        requireNoBody(exchange);
        FileInfo file = catalog.findLive(id).orElseThrow(GetStreamCommand::notFound);
        try (BlobReader reader = open(id)) {
            if (reader.size() != file.size()) {
                throw new QuicFilesException(ErrorCode.INTERNAL_ERROR,
                        "blob " + id + " has " + reader.size() + " bytes, row says " + file.size());
            }
            byte[] head = head(file);
            if (file.size() <= CHUNK_BYTES - head.length) {
                sendWhole(exchange, reader, file, head);
            } else {
                send(exchange, reader, file, head);
            }
        }
    }

    /** The GET answer's head: {@code <len>:} followed by bt {@code {s, u, x}}. */
    static byte[] head(FileInfo file) {
        return new GetHead(file.size(), file.uploaded(), file.expiry()).encode();
    }

    private static void requireNoBody(StreamExchange exchange) throws IOException {
        // read blocks until a byte or FIN arrives; clients send FIN right after the block
        if (exchange.read(ByteBuffer.allocate(1)) >= 0) {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "bytes after a GET block");
        }
    }

    /** Opens the blob; a blob deleted since the look-up (a race with the deleter) is a 404. */
    private BlobReader open(String id) {
        try {
            return store.open(id);
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                throw notFound();
            }
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "cannot open blob " + id, e);
        } catch (IOException e) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "cannot open blob " + id, e);
        }
    }

    /** A small file with its head in one write: one chunk for the transport, one packet when it fits. */
    private static void sendWhole(StreamExchange exchange, BlobReader reader, FileInfo file, byte[] head) throws IOException {
        ByteBuffer answer = ByteBuffer.allocate(head.length + (int) file.size() + 1).put(head);
        // one byte of room beyond the file: a blob that grew is caught, not cut short
        while (readBlob(reader, answer, file) >= 0) {
            if (answer.position() > head.length + file.size()) {
                throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "blob " + file.id() + " grew while read");
            }
        }
        long sent = answer.position() - head.length;
        if (sent != file.size()) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "blob " + file.id() + " ended after " + sent + " bytes");
        }
        // the size is known: FIN leaves with these bytes, no flush timer (decision note 0181)
        exchange.write(answer.flip(), true);
    }

    /**
     * A file larger than one chunk, in full chunks: the head rides in the first one (not a write, a
     * loop task and a packet of its own), and each chunk is filled before it is written.
     */
    private static void send(StreamExchange exchange, BlobReader reader, FileInfo file, byte[] head) throws IOException {
        ByteBuffer chunk = ByteBuffer.allocate(CHUNK_BYTES).put(head);
        long sent = 0;
        int read;
        while ((read = readBlob(reader, chunk, file)) >= 0) {
            sent += read;
            if (sent > file.size()) {
                throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "blob " + file.id() + " grew while read");
            }
            boolean last = sent == file.size();
            if (last && readBlob(reader, ByteBuffer.allocate(1), file) >= 0) {
                // checked before the FIN leaves: a blob that grew is reset, not cut short
                throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "blob " + file.id() + " grew while read");
            }
            if (last || !chunk.hasRemaining()) {
                exchange.write(chunk.flip(), last);
                if (last) {
                    return;
                }
                chunk.clear();
            }
        }
        if (sent != file.size()) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "blob " + file.id() + " ended after " + sent + " bytes");
        }
    }

    private static int readBlob(BlobReader reader, ByteBuffer chunk, FileInfo file) {
        try {
            return reader.read(chunk);
        } catch (IOException e) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "cannot read blob " + file.id(), e);
        }
    }

    private static QuicFilesException notFound() {
        return new QuicFilesException(ErrorCode.NOT_FOUND, "no such file");
    }
}

package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.StorageException;

/**
 * {@code GET}: checks the id, checks that no byte follows the header block (any byte is 400, whether
 * or not the id exists: protocol.md section 3.3), looks the id up (unknown or expired: 404), then
 * answers {@code <len>:} + bt {@code {s, u, x}} and the blob's bytes in chunks. Clients send FIN in
 * the header block's frame, so checking for a body first costs no round trip. The reader is closed however the stream ends,
 * including when the peer stops reading.
 */
final class GetCommand implements StreamCommand {
    /** The command name in the header block's {@code !}. */
    static final String NAME = "GET";

    static final int CHUNK_BYTES = 64 * 1024;

    private final BlobStore store;
    private final FileCatalog catalog;

    GetCommand(BlobStore store, FileCatalog catalog) {
        this.store = store;
        this.catalog = catalog;
    }

    @Override
    public void handle(StreamExchange exchange) throws IOException {
        String id = exchange.header().string("#")
                .orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "GET without '#'"));
        FileIds.requireValid(id);
        requireNoBody(exchange);
        FileInfo file = catalog.findLive(id).orElseThrow(GetCommand::notFound);
        try (BlobReader reader = open(id)) {
            if (reader.size() != file.size()) {
                throw new QuicFilesException(ErrorCode.INTERNAL_ERROR,
                        "blob " + id + " has " + reader.size() + " bytes, row says " + file.size());
            }
            byte[] head = head(file);
            if (file.size() <= CHUNK_BYTES - head.length) {
                sendWhole(exchange, reader, file, head);
            } else {
                exchange.write(ByteBuffer.wrap(head));
                send(exchange, reader, file);
            }
        }
    }

    /** The GET answer's head: {@code <len>:} followed by bt {@code {s, u, x}}. */
    static byte[] head(FileInfo file) {
        byte[] dict = Bt.Dict.builder()
                .put("s", file.size())
                .put("u", file.uploaded())
                .put("x", file.expiry())
                .build()
                .encode();
        byte[] prefix = (dict.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] head = new byte[prefix.length + dict.length];
        System.arraycopy(prefix, 0, head, 0, prefix.length);
        System.arraycopy(dict, 0, head, prefix.length, dict.length);
        return head;
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
        exchange.write(answer.flip());
    }

    private static void send(StreamExchange exchange, BlobReader reader, FileInfo file) throws IOException {
        // no larger than the file: a small GET allocates (and zeroes) only what it sends
        ByteBuffer chunk = ByteBuffer.allocate((int) Math.max(1, Math.min(CHUNK_BYTES, file.size())));
        long sent = 0;
        int read;
        while ((read = readBlob(reader, chunk.clear(), file)) >= 0) {
            sent += read;
            if (sent > file.size()) {
                throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "blob " + file.id() + " grew while read");
            }
            exchange.write(chunk.flip());
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

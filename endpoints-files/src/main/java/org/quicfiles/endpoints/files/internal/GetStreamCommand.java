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
 * answers {@code <len>:} + bt {@code {s, u, x}} and the blob's bytes as one {@link GetAnswer} that the
 * transport reads into its send buffers. Clients send FIN in the header block's frame, so checking
 * for a body first costs no round trip. The reader is closed however the stream ends, including
 * when the peer stops reading.
 */
final class GetStreamCommand implements StreamCommand {
    /** The command name in the header block's {@code !}. */
    static final String NAME = "GET";

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
            GetAnswer answer = new GetAnswer(head(file), reader, file);
            // the size is known: FIN leaves with the last bytes, no flush timer (decision note 0181)
            exchange.transferFrom(answer, answer.size(), true);
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

    private static QuicFilesException notFound() {
        return new QuicFilesException(ErrorCode.NOT_FOUND, "no such file");
    }
}

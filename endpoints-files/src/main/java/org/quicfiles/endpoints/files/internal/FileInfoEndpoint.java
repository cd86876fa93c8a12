package org.quicfiles.endpoints.files.internal;

import java.util.Map;
import java.util.Optional;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.RequestEndpoint;

/**
 * {@code file_info}: the size, upload time and expiry of a live file; {@code NOT_FOUND} otherwise.
 * A file this server saw lately is answered at once, on the transport's event loop (note 0193).
 */
final class FileInfoEndpoint implements RequestEndpoint {
    /** The stream-0 endpoint name. */
    static final String NAME = "file_info";

    private final FileCatalog catalog;

    FileInfoEndpoint(FileCatalog catalog) {
        this.catalog = catalog;
    }

    @Override
    public Map<String, ?> handle(Request body) {
        FileRequest request = FileRequest.parse(body);
        return catalog.findLive(request.id())
                .map(request::infoReply)
                .orElseThrow(() -> new QuicFilesException(ErrorCode.NOT_FOUND, "no such file"));
    }

    /** A live file whose row this server saw within {@code files.info-cache}; anything else is {@link #handle}'s. */
    @Override
    public Optional<Map<String, ?>> answerAtOnce(Request body) {
        FileRequest request = FileRequest.parse(body);
        return catalog.recentLive(request.id()).map(request::infoReply);
    }
}

package org.quicfiles.endpoints.files.internal;

import java.util.Map;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.RequestEndpoint;

/**
 * {@code file_extend}: moves a live file's expiry to now + ttl (clamped; absent = max) unless it is
 * already later, and answers with the expiry in {@code x}. Unknown or expired ids are
 * {@code NOT_FOUND} (both differ from the reference server, see protocol.md 5.2).
 */
final class FileExtendEndpoint implements RequestEndpoint {
    /** The stream-0 endpoint name. */
    static final String NAME = "file_extend";

    private final FileCatalog catalog;
    private final FilesSettings settings;

    FileExtendEndpoint(FileCatalog catalog, FilesSettings settings) {
        this.catalog = catalog;
        this.settings = settings;
    }

    @Override
    public Map<String, ?> handle(Request body) {
        FileRequest request = FileRequest.parse(body);
        return catalog.extend(request.id(), settings.clampTtl(request.ttlSeconds()))
                .map(request::extendReply)
                .orElseThrow(() -> new QuicFilesException(ErrorCode.NOT_FOUND, "no such file"));
    }
}

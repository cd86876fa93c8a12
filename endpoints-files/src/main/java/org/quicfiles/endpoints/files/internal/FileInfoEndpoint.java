package org.quicfiles.endpoints.files.internal;

import java.util.Map;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.RequestEndpoint;

/** {@code file_info}: the size, upload time and expiry of a live file; {@code NOT_FOUND} otherwise. */
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
}

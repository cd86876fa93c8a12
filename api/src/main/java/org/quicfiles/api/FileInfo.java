package org.quicfiles.api;

import java.util.Objects;

/**
 * What the server knows about a stored file: as answered to PUT, GET's head and {@code file_info}.
 *
 * @param id the file id (44 URL-safe base64 characters, or 1 to 16 decimal digits for compat ids)
 * @param size the size in bytes, at least 1
 * @param uploaded the upload time in unix seconds
 * @param expiry the expiry time in unix seconds
 *
 * @since 0.1.0 (api version 1)
 */
public record FileInfo(String id, long size, long uploaded, long expiry) {
    /** Validates the fields. */
    public FileInfo {
        Objects.requireNonNull(id, "id");
        if (size < 0) {
            throw new IllegalArgumentException("negative size: " + size);
        }
    }
}

package org.quicfiles.storage.s3.internal;

import java.util.Objects;

/** The ids this store accepts, as the local stores do: 1 to 64 of {@code [A-Za-z0-9_-]}; checked before any key is built. */
final class S3Ids {
    private S3Ids() {
    }

    static String requireValid(String id) {
        Objects.requireNonNull(id, "id");
        if (!isValid(id)) {
            throw new IllegalArgumentException("invalid blob id (want 1 to 64 of [A-Za-z0-9_-]): '"
                    + id.codePoints().map(c -> c < 0x20 || c > 0x7e ? '?' : c).collect(StringBuilder::new,
                            StringBuilder::appendCodePoint, StringBuilder::append) + "'");
        }
        return id;
    }

    static boolean isValid(String id) {
        return id.length() >= 1 && id.length() <= 64 && id.chars().allMatch(c -> c >= 'a' && c <= 'z'
                || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_');
    }
}

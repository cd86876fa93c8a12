package org.quicfiles.protocol;

import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * File id syntax: a content id, 44 characters of {@code A-Z a-z 0-9 - _}, or a compatibility id,
 * 1 to 16 decimal digits (a number below 2^53).
 */
public final class FileIds {
    /** The length of a content id. */
    public static final int CONTENT_ID_LENGTH = 44;
    /** The most digits of a compatibility id. */
    public static final int MAX_COMPAT_DIGITS = 16;

    private FileIds() {
    }

    /** Whether {@code id} is a well-formed file id: a content id or a compatibility id. */
    public static boolean isValid(String id) {
        return isContentId(id) || isCompatId(id);
    }

    /** Whether {@code id} has the form of a content id (see {@link ContentIds}). */
    public static boolean isContentId(String id) {
        return id.length() == CONTENT_ID_LENGTH && id.chars().allMatch(FileIds::isBase64Url);
    }

    /** Whether {@code id} has the form of a compatibility id: 1 to 16 decimal digits. */
    public static boolean isCompatId(String id) {
        return !id.isEmpty() && id.length() <= MAX_COMPAT_DIGITS && id.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /**
     * Returns {@code id} if it is well formed.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} otherwise
     */
    public static String requireValid(String id) {
        if (!isValid(id)) {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "malformed file id");
        }
        return id;
    }

    private static boolean isBase64Url(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }
}

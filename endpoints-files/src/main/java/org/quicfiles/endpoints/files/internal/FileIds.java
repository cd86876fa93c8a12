package org.quicfiles.endpoints.files.internal;

import java.security.SecureRandom;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/** What a file id may look like, and the random ids of {@code compat-ids} mode. */
final class FileIds {
    /** Length of a content id: 33 bytes in unpadded base64. */
    static final int CONTENT_ID_LENGTH = 44;
    /** Longest compatibility id: 2^53 has 16 decimal digits. */
    static final int MAX_COMPAT_ID_DIGITS = 16;

    private static final long COMPAT_ID_BOUND = 1L << 53;
    private static final SecureRandom RANDOM = new SecureRandom();

    private FileIds() {
    }

    /** Whether {@code id} is 44 characters of {@code A-Za-z0-9-_} or 1 to 16 decimal digits. */
    static boolean isValid(String id) {
        int length = id.length();
        if (length >= 1 && length <= MAX_COMPAT_ID_DIGITS && id.chars().allMatch(FileIds::isDigit)) {
            return true;
        }
        return length == CONTENT_ID_LENGTH && id.chars().allMatch(FileIds::isUrlSafeBase64);
    }

    /**
     * Returns {@code id} if valid.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} otherwise
     */
    static String requireValid(String id) {
        if (!isValid(id)) {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "not a file id");
        }
        return id;
    }

    /** A random compatibility id: a number in [1, 2^53) written in decimal. */
    static String randomCompatId() {
        return Long.toString(RANDOM.nextLong(1, COMPAT_ID_BOUND));
    }

    private static boolean isDigit(int c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUrlSafeBase64(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || isDigit(c) || c == '-' || c == '_';
    }
}

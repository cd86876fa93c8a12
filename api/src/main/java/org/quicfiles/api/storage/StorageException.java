package org.quicfiles.api.storage;

import java.io.IOException;
import java.util.Objects;

/**
 * A storage failure, classified so that callers can answer with the right protocol error.
 *
 * @since 0.1.0 (api version 1)
 */
public class StorageException extends IOException {
    private static final long serialVersionUID = 1L;

    /** What kind of failure it was. */
    public enum Kind {
        /** The blob does not exist (ENOENT). */
        NOT_FOUND,
        /** The device is full or a quota was hit (ENOSPC, EDQUOT). */
        NO_SPACE,
        /** Any other I/O failure (EIO and the rest). */
        IO_ERROR
    }

    private final Kind kind;

    /**
     * @param kind the kind of failure
     * @param message what failed
     * @param cause the underlying failure, may be null
     */
    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The kind of failure. */
    public Kind kind() {
        return kind;
    }
}

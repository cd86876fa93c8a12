package org.quicfiles.storage.local.internal;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.api.storage.StorageException.Kind;

/**
 * Classifies operating-system failures into {@link StorageException} kinds: ENOENT → NOT_FOUND,
 * ENOSPC and EDQUOT → NO_SPACE, everything else → IO_ERROR.
 */
public final class StorageErrors {
    /** errno values this class knows by number (Linux, all architectures the providers run on). */
    public static final int ENOENT = 2;
    /** I/O error. */
    public static final int EIO = 5;
    /** No space left on device. */
    public static final int ENOSPC = 28;
    /** Disk quota exceeded. */
    public static final int EDQUOT = 122;

    private static final String NO_SPACE_TEXT = "No space left on device";
    private static final String QUOTA_TEXT = "Disk quota exceeded";

    private StorageErrors() {
    }

    /**
     * Wraps a JDK I/O failure, keeping it as the cause; a {@link StorageException} is returned as is.
     *
     * @param what what was being done, e.g. {@code "write upload abc.part"}
     */
    public static StorageException fromIo(String what, IOException failure) {
        if (failure instanceof StorageException already) {
            return already;
        }
        return new StorageException(kindOf(failure), what + ": " + describe(failure), failure);
    }

    /**
     * A failure from a raw system call that returned {@code -errno}.
     *
     * @param what what was being done
     * @param negativeErrno the call's result, below zero
     */
    public static StorageException fromErrno(String what, int negativeErrno) {
        int errno = -negativeErrno;
        Kind kind = switch (errno) {
            case ENOENT -> Kind.NOT_FOUND;
            case ENOSPC, EDQUOT -> Kind.NO_SPACE;
            default -> Kind.IO_ERROR;
        };
        return new StorageException(kind, what + ": " + errnoText(errno) + " (errno " + errno + ")", null);
    }

    /** A short text for the errno values this store meets most; a number for the rest. */
    static String errnoText(int errno) {
        return switch (errno) {
            case ENOENT -> "No such file or directory";
            case EIO -> "Input/output error";
            case ENOSPC -> NO_SPACE_TEXT;
            case EDQUOT -> QUOTA_TEXT;
            case 9 -> "Bad file descriptor";
            case 13 -> "Permission denied";
            case 17 -> "File exists";
            case 21 -> "Is a directory";
            case 22 -> "Invalid argument";
            case 27 -> "File too large";
            default -> "errno " + errno;
        };
    }

    private static Kind kindOf(IOException failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoSuchFileException) {
                return Kind.NOT_FOUND;
            }
            String message = t.getMessage();
            if (message != null && (message.contains(NO_SPACE_TEXT) || message.contains(QUOTA_TEXT))) {
                return Kind.NO_SPACE;
            }
        }
        return Kind.IO_ERROR;
    }

    private static String describe(IOException failure) {
        String message = failure.getMessage();
        return message == null ? failure.getClass().getSimpleName() : message;
    }
}

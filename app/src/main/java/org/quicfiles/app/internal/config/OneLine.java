package org.quicfiles.app.internal.config;

/**
 * Failure messages flattened to the one line an operator reads (start-up refusals, plugins
 * skipped, stores that fail to close): a stack trace is for {@code QUICFILES_DEBUG}, not the log.
 */
public final class OneLine {
    private OneLine() {
    }

    /** A throwable as {@code Type: message (cause's message)} on one line; its type alone without a message. */
    public static String of(Throwable failure) {
        String flat = message(failure);
        return hasMessage(failure) ? failure.getClass().getSimpleName() + ": " + flat : flat;
    }

    /**
     * A throwable's message and its cause's (when the message does not already say it), lines joined
     * with {@code "; "}; its type when it has no message.
     */
    public static String message(Throwable failure) {
        if (!hasMessage(failure)) {
            return failure.getClass().getSimpleName();
        }
        String flat = joined(failure.getMessage(), "; ");
        Throwable cause = failure.getCause();
        if (cause != null && cause.getMessage() != null && !flat.contains(cause.getMessage().strip())) {
            flat += " (" + joined(cause.getMessage(), "; ") + ")";
        }
        return flat;
    }

    /** A message (e.g. a JDBC driver's) with its lines joined by spaces; empty for null. */
    public static String of(String message) {
        return message == null ? "" : joined(message, " ");
    }

    private static boolean hasMessage(Throwable failure) {
        return failure.getMessage() != null && !failure.getMessage().isBlank();
    }

    private static String joined(String message, String separator) {
        return message.strip().replaceAll("\\s*\\R\\s*", separator);
    }
}

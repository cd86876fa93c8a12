package org.quicfiles.endpoints.session.internal;

/**
 * A poll of one source failed: the source answered with an error, timed out, or sent something that
 * is not the expected JSON. The tables are left as they were. The message is one line for the log.
 */
final class PollException extends Exception {
    private static final long serialVersionUID = 1L;

    private final boolean transientFailure;

    /**
     * @param message one line saying what went wrong
     * @param transientFailure whether trying again soon may help (timeouts, 5xx, 429, I/O errors)
     */
    PollException(String message, boolean transientFailure) {
        super(message, null, false, false);
        this.transientFailure = transientFailure;
    }

    /** Whether trying again soon may help. */
    boolean isTransient() {
        return transientFailure;
    }
}

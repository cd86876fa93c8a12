package org.quicfiles.bridge;

import java.io.IOException;

/**
 * Why a blocking stream bridge's stream was given up, if it was: the first reason wins and every
 * later read or write fails with it. One concern only; what counts as a failure, and which of
 * several failures explains the stream best, stays with the owner (the client's reset by the server
 * and its write-only failures are its own, decision note 0185).
 *
 * <p>Not thread-safe: the owner guards it with its {@link PeerWait}'s lock.
 */
public final class AbortState {
    private IOException cause;

    /**
     * Records {@code why} unless the stream was already given up.
     *
     * @return true if this was the first reason
     */
    public boolean abort(IOException why) {
        if (cause != null) {
            return false;
        }
        cause = why;
        return true;
    }

    /** Whether the stream was given up. */
    public boolean aborted() {
        return cause != null;
    }

    /** The first reason, or null. */
    public IOException cause() {
        return cause;
    }
}

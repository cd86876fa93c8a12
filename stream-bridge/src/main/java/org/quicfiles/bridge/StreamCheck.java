package org.quicfiles.bridge;

import java.io.IOException;

/**
 * The owner's answer to "may this read or write go on?", asked by {@link BlockingReads} and
 * {@link BlockingWrites} with the lock held. The server and the client answer differently
 * (decision note 0185), so each says it here.
 */
public interface StreamCheck {
    /** Whether waiting is pointless: the stream failed (for this direction). */
    boolean failed();

    /** Throws what the stream failed with (for this direction); returns if it may go on. */
    void throwIfFailed() throws IOException;
}

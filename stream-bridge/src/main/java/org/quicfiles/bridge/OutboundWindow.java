package org.quicfiles.bridge;

/**
 * The outbound half of a blocking stream bridge: how many written bytes the transport has not
 * yet accepted (or the peer not yet acknowledged), and whether the stream is writable. A writer
 * waits while a chunk would not fit; memory per stream stays bounded whatever the transfer size.
 *
 * <p>Not thread-safe: the owner guards it with its own lock.
 */
public final class OutboundWindow {
    /** The in-flight limit the Netty bridges use. */
    public static final int MAX_IN_FLIGHT = 256 * 1024;

    private final long limit;
    private long inFlight;
    private boolean writable = true;

    /** A window of at most {@code limit} bytes in flight. */
    public OutboundWindow(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive");
        }
        this.limit = limit;
    }

    /** Whether a chunk of {@code bytes} may be written now. */
    public boolean hasRoom(int bytes) {
        return writable && inFlight + bytes <= limit;
    }

    /** A chunk of {@code bytes} was given to the transport. */
    public void taken(long bytes) {
        inFlight += bytes;
    }

    /** A chunk of {@code bytes} left (was accepted, acknowledged, or given up). */
    public void done(long bytes) {
        inFlight -= bytes;
    }

    /** The transport says whether the stream accepts more now. */
    public void writable(boolean now) {
        writable = now;
    }

    /** Bytes given and not yet done. */
    public long inFlight() {
        return inFlight;
    }
}

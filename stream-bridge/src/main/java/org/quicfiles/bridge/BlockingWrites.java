package org.quicfiles.bridge;

import java.io.IOException;

/**
 * The blocking write gate over an {@link OutboundWindow}: a command's thread takes room for each
 * chunk before giving it to the transport, waiting through the {@link PeerWait} while the window
 * is full or the stream not writable; the transport's event side says when a chunk left and when
 * writability changes.
 *
 * <p>Thread-safe through the {@link PeerWait}'s lock.
 */
public final class BlockingWrites {
    private final PeerWait wait;
    private final OutboundWindow window;
    private final long waitCapNanos;

    /**
     * @param waitCapNanos the longest single wait, so that the policy's {@link PeerWait.Policy#quiet}
     *        can look at the channel ({@link Long#MAX_VALUE} for none)
     */
    public BlockingWrites(PeerWait wait, OutboundWindow window, long waitCapNanos) {
        this.wait = wait;
        this.window = window;
        this.waitCapNanos = waitCapNanos;
    }

    /** Waits until a chunk of {@code bytes} fits, then counts it in flight. */
    public void take(int bytes, StreamCheck check, PeerWait.Policy policy) throws IOException {
        wait.lock();
        try {
            wait.watchdog().progress();
            while (!check.failed() && !window.hasRoom(bytes)) {
                wait.await(waitCapNanos, policy);
            }
            check.throwIfFailed();
            window.taken(bytes);
        } finally {
            wait.unlock();
        }
    }

    /**
     * Event side: a chunk of {@code bytes} left the window.
     *
     * @param delivered the transport accepted it (it counts for the peer's rate), rather than failed or gave it up
     */
    public void done(int bytes, boolean delivered) {
        wait.lock();
        try {
            wait.watchdog().progress();
            window.done(bytes);
            if (delivered) {
                wait.watchdog().moved(bytes);
            }
            wait.signal();
        } finally {
            wait.unlock();
        }
    }

    /** Event side: whether the stream accepts more now. */
    public void writable(boolean now) {
        wait.lock();
        try {
            window.writable(now);
            wait.watchdog().progress();
            wait.signal();
        } finally {
            wait.unlock();
        }
    }
}

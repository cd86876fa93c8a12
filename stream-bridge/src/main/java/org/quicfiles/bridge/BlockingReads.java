package org.quicfiles.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * The blocking read loop over an {@link InboundQueue}: the transport's event side adds frames and
 * says when input ended, a command's thread reads, waiting through the {@link PeerWait}. Reading is
 * paused above the queue's high mark and resumed below its low mark through {@link Reading}.
 *
 * <p>Thread-safe through the {@link PeerWait}'s lock.
 */
public final class BlockingReads {
    /** Turns the transport's reading off and on (e.g. Netty's autoRead). */
    public interface Reading {
        /** Called on the event side, with the lock held. */
        void pause();

        /** Called on the reader's thread, with the lock held: must not block. */
        void resume();
    }

    private final PeerWait wait;
    private final InboundQueue queue;
    private final Reading reading;
    private boolean inputDone;

    public BlockingReads(PeerWait wait, InboundQueue queue, Reading reading) {
        this.wait = wait;
        this.queue = queue;
        this.reading = reading;
    }

    /**
     * Reads into {@code dst}, waiting until a byte is there.
     *
     * @return bytes read, 0 if {@code dst} is full, -1 after the end of input
     */
    public int read(ByteBuffer dst, StreamCheck check, PeerWait.Policy policy) throws IOException {
        wait.lock();
        try {
            wait.watchdog().progress();
            while (queue.isEmpty()) {
                check.throwIfFailed();
                if (inputDone) {
                    return -1;
                }
                if (!dst.hasRemaining()) {
                    return 0;
                }
                wait.await(Long.MAX_VALUE, policy);
            }
            check.throwIfFailed();
            int n = queue.drainTo(dst);
            wait.watchdog().moved(n);
            if (queue.resumeIfLow()) {
                reading.resume();
            }
            return n;
        } finally {
            wait.unlock();
        }
    }

    /** Event side: a frame arrived (its bytes are copied; the caller keeps and frees it). */
    public void received(ByteBuffer frame) {
        wait.lock();
        try {
            if (!frame.hasRemaining()) {
                return;
            }
            boolean pause = queue.add(frame);
            wait.watchdog().progress();
            if (pause) {
                reading.pause();
                wait.signal();
            }
        } finally {
            wait.unlock();
        }
    }

    /** Event side: the peer's FIN; reads return -1 once the queue is empty. */
    public void inputFinished() {
        wait.lock();
        try {
            inputDone = true;
            wait.watchdog().progress();
            wait.signal();
        } finally {
            wait.unlock();
        }
    }

    /** Whether the peer's FIN arrived. */
    public boolean inputDone() {
        wait.lock();
        try {
            return inputDone;
        } finally {
            wait.unlock();
        }
    }

    /**
     * Frees every queued chunk: nobody reads any more.
     *
     * @return true if reading was paused by the queue (the owner resumes it, or accounts for it)
     */
    public boolean clear() {
        wait.lock();
        try {
            return queue.clear();
        } finally {
            wait.unlock();
        }
    }
}

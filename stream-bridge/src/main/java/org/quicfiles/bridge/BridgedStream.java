package org.quicfiles.bridge;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * One blocking stream over a non-blocking transport, the part the server's and the client's Netty
 * bridges share (decision note 0186): the lock ({@link PeerWait}), the {@link AbortState}, the read
 * loop ({@link BlockingReads}), the chunked write over the window ({@link BlockingWrites}, with an
 * explicit last chunk) and the transport's event entry points. It holds none of the four concerns'
 * state itself: it joins them under one lock. What the transport does is a {@link Transport}; what
 * a failure does is the owner's {@link Failures}, and the server's and the client's stay apart.
 *
 * <p>{@link #read} and {@link #write} run on the stream's user (one reader, one writer at a time);
 * the event methods on the transport's side; everything else from either.
 */
public final class BridgedStream {
    /** The transport under the stream. */
    public interface Transport {
        /**
         * Sends a copy of {@code bytes}' remaining bytes, with FIN when {@code last}; the outcome is
         * reported to {@link #written}. Called without the lock; must not wait on the peer.
         *
         * @throws IOException if the stream takes no more: the chunk was not sent
         */
        void send(ByteBuffer bytes, boolean last) throws IOException;

        /**
         * Sends {@code n} bytes read from {@code source} as {@link #send} would send them; a
         * transport reads them straight into the buffer it sends from. The default reads them into
         * a heap buffer and sends that. Nothing is sent if the source fails or ends first.
         *
         * @param left the bytes the whole transfer still wants, these {@code n} included (messages)
         * @throws java.io.EOFException if {@code source} ends before {@code n} bytes
         * @throws IOException from {@code source}, or if the stream takes no more
         */
        default void sendFrom(ReadableByteChannel source, int n, long left, boolean last) throws IOException {
            ByteBuffer bytes = ByteBuffer.allocate(n);
            ChannelFill.fully(source, bytes, left);
            send(bytes.flip(), last);
        }

        /** FIN after everything sent: the writer said its end without bytes. */
        void finish();

        /** Event side, lock held: stop reading (the queue reached its high mark). */
        void pauseReading();

        /** The reader's thread, lock held: read again; must not block. */
        void resumeReading();

        /** Lock held: reading was paused by the queue and nobody reads any more (the owner accounts for it). */
        default void pausedReadingDropped() {
        }
    }

    /**
     * The owner's failure policy (decision note 0185); called with {@code stream}'s lock held. It
     * gives the stream up through {@link #abort} and may throw at once instead of letting the loop throw.
     */
    public interface Failures {
        /** Before each read and each chunk written: may give up the stream (e.g. a call's deadline). */
        default void beforeCall(BridgedStream stream) throws IOException {
        }

        /** A wait on the peer ran out of time ({@code verdict} is not {@link PeerWatchdog.Verdict#WAIT}). */
        void outOfTime(BridgedStream stream, PeerWatchdog.Verdict verdict) throws IOException;

        /** A waiting thread was interrupted (its interrupt status is set again). */
        void interrupted(BridgedStream stream, InterruptedException e) throws IOException;

        /** Whether a reader's wait that just ended was this side's own, not the peer's ({@link PeerWait.Policy#ownWait}). */
        default boolean readerOwnWait() {
            return false;
        }

        /** A writer's wait ran its whole cap without a signal ({@link PeerWait.Policy#quiet}). */
        default void writerQuiet(BridgedStream stream) throws IOException {
        }

        /** The longest single wait of a writer, so that {@link #writerQuiet} can look at the transport. */
        default long writerWaitCapNanos() {
            return Long.MAX_VALUE;
        }

        /** What a read or write throws once the stream was given up with {@code cause}. */
        IOException thrown(IOException cause);

        /** The transport failed to send a chunk. */
        void writeFailed(BridgedStream stream, Throwable cause);
    }

    private final PeerWait wait;
    private final BlockingReads reads;
    private final BlockingWrites writes;
    private final Transport transport;
    private final Failures failures;
    /** Guarded by {@link #wait}'s lock, as are the next three. */
    private final AbortState abort = new AbortState();
    /** Writes fail with it; reads go on. */
    private IOException writingEnded;
    /** The user is done with the stream: input is dropped, writes fail with this message. */
    private String finished;
    /** The writer sent its last bytes (the writer's thread only). */
    private boolean ended;

    private final StreamCheck readCheck = new StreamCheck() {
        @Override
        public boolean failed() {
            return abort.aborted();
        }

        @Override
        public void throwIfFailed() throws IOException {
            if (abort.aborted()) {
                throw failures.thrown(abort.cause());
            }
        }
    };
    private final StreamCheck writeCheck = new StreamCheck() {
        @Override
        public boolean failed() {
            return abort.aborted() || writingEnded != null || finished != null;
        }

        @Override
        public void throwIfFailed() throws IOException {
            readCheck.throwIfFailed();
            if (writingEnded != null) {
                throw new IOException(writingEnded.getMessage(), writingEnded);
            }
            if (finished != null) {
                throw new IOException(finished);
            }
        }
    };
    private final PeerWait.Policy readerWaits = new Waits(false);
    private final PeerWait.Policy writerWaits = new Waits(true);

    /**
     * @param watchdog how long waits on the peer may last
     * @param memory where the inbound chunks come from (the transport's allocator)
     * @param window the most bytes given to the transport and not yet reported {@link #written}
     */
    public BridgedStream(PeerWatchdog watchdog, InboundQueue.Memory memory, long window, Transport transport,
                         Failures failures) {
        this.wait = new PeerWait(watchdog);
        this.transport = transport;
        this.failures = failures;
        this.reads = new BlockingReads(wait, new InboundQueue(memory), new BlockingReads.Reading() {
            @Override
            public void pause() {
                transport.pauseReading();
            }

            @Override
            public void resume() {
                transport.resumeReading();
            }
        });
        this.writes = new BlockingWrites(wait, new OutboundWindow(window), failures.writerWaitCapNanos());
    }

    /** The watchdog; use it with the lock held (in a {@link Failures} call). */
    public PeerWatchdog watchdog() {
        return wait.watchdog();
    }

    /**
     * Reads into {@code dst}, waiting until a byte is there.
     *
     * @return bytes read, 0 if {@code dst} is full, -1 after the peer's FIN
     */
    public int read(ByteBuffer dst) throws IOException {
        wait.lock();
        try {
            failures.beforeCall(this);
            return reads.read(dst, readCheck, readerWaits);
        } finally {
            wait.unlock();
        }
    }

    /**
     * Writes all of {@code src} in chunks of at most {@link InboundQueue#CHUNK} bytes, each waiting
     * for room in the window; with {@code last} the final chunk carries FIN (an empty {@code src}
     * with {@code last}: FIN after what was written) and later writes fail.
     */
    public void write(ByteBuffer src, boolean last) throws IOException {
        if (ended) {
            throw new IOException("the response has ended");
        }
        if (!src.hasRemaining() && last) {
            wait.lock();
            try {
                writeCheck.throwIfFailed();
            } finally {
                wait.unlock();
            }
            ended = true;
            transport.finish();
            return;
        }
        while (src.hasRemaining()) {
            int n = Math.min(InboundQueue.CHUNK, src.remaining());
            takeRoom(n);
            ByteBuffer chunk = src.slice(src.position(), n);
            src.position(src.position() + n);
            ended = last && !src.hasRemaining();
            try {
                transport.send(chunk, ended);
            } catch (IOException notSent) {
                writes.done(n, false);
                throw notSent;
            }
        }
    }

    /**
     * Sends the next {@code count} bytes of {@code source} as {@link #write} would send them, in
     * chunks of at most {@link InboundQueue#CHUNK} bytes that the transport reads straight into its
     * buffers ({@link Transport#sendFrom}); an exception from the source passes through and the
     * response does not end.
     */
    public void transferFrom(ReadableByteChannel source, long count, boolean last) throws IOException {
        if (count < 0) {
            throw new IllegalArgumentException("count < 0: " + count);
        }
        if (count == 0 || ended) {
            write(ByteBuffer.allocate(0), last);
            return;
        }
        long left = count;
        while (left > 0) {
            int n = (int) Math.min(InboundQueue.CHUNK, left);
            takeRoom(n);
            boolean lastChunk = last && left == n;
            try {
                transport.sendFrom(source, n, left, lastChunk);
            } catch (IOException | RuntimeException | Error notSent) {
                writes.done(n, false);
                throw notSent;
            }
            left -= n;
            ended = lastChunk;
        }
    }

    /** Waits for room for {@code n} more bytes in the window (the owner's policy may give up first). */
    private void takeRoom(int n) throws IOException {
        wait.lock();
        try {
            failures.beforeCall(this);
            writes.take(n, writeCheck, writerWaits);
        } finally {
            wait.unlock();
        }
    }

    /** Gives the stream up with {@code why} unless it already was: frees unread input and wakes every waiter. */
    public void abort(IOException why) {
        wait.lock();
        try {
            abort.abort(why);
            dropInputLocked();
            wait.signal();
        } finally {
            wait.unlock();
        }
    }

    /** As {@link #abort}, unless the user already {@link #finish finished} with the stream. */
    public void abortUnlessFinished(IOException why) {
        wait.lock();
        try {
            if (finished == null) {
                abort(why);
            }
        } finally {
            wait.unlock();
        }
    }

    /** Whether the stream was given up. */
    public boolean aborted() {
        wait.lock();
        try {
            return abort.aborted();
        } finally {
            wait.unlock();
        }
    }

    /** Writes fail from now on with {@code why} (the first reason wins); reads go on. */
    public void endWriting(IOException why) {
        wait.lock();
        try {
            if (writingEnded == null) {
                writingEnded = why;
            }
            wait.signal();
        } finally {
            wait.unlock();
        }
    }

    /** The user is done: unread input is freed, more is dropped, writes fail with {@code writesFailWith}. */
    public void finish(String writesFailWith) {
        wait.lock();
        try {
            finished = writesFailWith;
            dropInputLocked();
        } finally {
            wait.unlock();
        }
    }

    private void dropInputLocked() {
        if (reads.clear()) {
            transport.pausedReadingDropped();
        }
    }

    // ---- the transport's event side ----

    /** Bytes arrived (copied; the caller keeps and frees {@code frame}); dropped once nobody reads. */
    public void received(ByteBuffer frame) {
        wait.lock();
        try {
            if (finished == null && !abort.aborted()) {
                reads.received(frame);
            }
        } finally {
            wait.unlock();
        }
    }

    /** The end of one batch of {@link #received} frames: the reader wakes once per batch. */
    public void readComplete() {
        wait.wake();
    }

    /** The peer's FIN: reads return -1 once the queue is empty. */
    public void inputFinished() {
        reads.inputFinished();
    }

    /** Whether the peer's FIN arrived. */
    public boolean inputDone() {
        return reads.inputDone();
    }

    /** Whether the stream accepts more now. */
    public void writable(boolean now) {
        writes.writable(now);
    }

    /** A chunk of {@code bytes} given to {@link Transport#send} left: written, or failed with {@code failure}. */
    public void written(int bytes, Throwable failure) {
        wait.lock();
        try {
            writes.done(bytes, failure == null);
            if (failure != null) {
                failures.writeFailed(this, failure);
            }
        } finally {
            wait.unlock();
        }
    }

    /** Wakes every waiter (e.g. the stream closed), so that each looks at the stream again. */
    public void wake() {
        wait.wake();
    }

    /** The owner's {@link Failures} as the wait policy of a reader or a writer. */
    private final class Waits implements PeerWait.Policy {
        private final boolean writer;

        Waits(boolean writer) {
            this.writer = writer;
        }

        @Override
        public void outOfTime(PeerWatchdog.Verdict verdict) throws IOException {
            failures.outOfTime(BridgedStream.this, verdict);
        }

        @Override
        public void interrupted(InterruptedException e) throws IOException {
            failures.interrupted(BridgedStream.this, e);
        }

        @Override
        public boolean ownWait() {
            return !writer && failures.readerOwnWait();
        }

        @Override
        public void quiet() throws IOException {
            if (writer) {
                failures.writerQuiet(BridgedStream.this);
            }
        }
    }
}

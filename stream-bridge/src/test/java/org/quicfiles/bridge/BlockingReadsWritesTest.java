package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The blocking read loop and write gate over the shared wait, with real threads and no sleeps. */
class BlockingReadsWritesTest {
    private final List<String> reading = new ArrayList<>();
    private final AbortState abort = new AbortState();
    private final StreamCheck check = new StreamCheck() {
        @Override
        public boolean failed() {
            return abort.aborted();
        }

        @Override
        public void throwIfFailed() throws IOException {
            if (abort.aborted()) {
                throw abort.cause();
            }
        }
    };

    private PeerWait.Policy throwing(List<PeerWatchdog.Verdict> seen) {
        return new PeerWait.Policy() {
            @Override
            public void outOfTime(PeerWatchdog.Verdict verdict) throws IOException {
                seen.add(verdict);
                throw new SocketTimeoutException(verdict.name());
            }

            @Override
            public void interrupted(InterruptedException e) throws IOException {
                throw new InterruptedIOException("interrupted");
            }
        };
    }

    private BlockingReads reads(PeerWait wait) {
        return new BlockingReads(wait, new InboundQueue(c -> new InboundQueue.Chunk(ByteBuffer.allocate(c), () -> { })),
                new BlockingReads.Reading() {
                    @Override
                    public void pause() {
                        reading.add("pause");
                    }

                    @Override
                    public void resume() {
                        reading.add("resume");
                    }
                });
    }

    @Test
    void aReaderWaitsForDataFromAnotherThreadThenForTheEnd() throws Exception {
        PeerWait wait = new PeerWait(PeerWatchdog.stallOnly(Duration.ofSeconds(30)));
        BlockingReads reads = reads(wait);
        List<PeerWatchdog.Verdict> seen = new ArrayList<>();
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return reads.read(ByteBuffer.allocate(10), check, throwing(seen));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        reads.received(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        wait.wake();
        assertEquals(3, read.get(10, TimeUnit.SECONDS));
        reads.inputFinished();
        assertEquals(-1, reads.read(ByteBuffer.allocate(10), check, throwing(seen)));
        assertTrue(seen.isEmpty());
    }

    @Test
    void readingPausesAboveTheHighMarkAndResumesBelowTheLowMark() throws Exception {
        PeerWait wait = new PeerWait(PeerWatchdog.stallOnly(Duration.ofSeconds(30)));
        BlockingReads reads = reads(wait);
        for (int i = 0; i < InboundQueue.HIGH / InboundQueue.CHUNK; i++) {
            reads.received(ByteBuffer.allocate(InboundQueue.CHUNK));
        }
        assertEquals(List.of("pause"), reading);
        ByteBuffer dst = ByteBuffer.allocate(InboundQueue.HIGH);
        while (dst.hasRemaining()) {
            reads.read(dst, check, throwing(new ArrayList<>()));
        }
        assertEquals(List.of("pause", "resume"), reading);
    }

    @Test
    void aStalledPeerEndsTheWaitThroughThePolicy() {
        PeerWait wait = new PeerWait(PeerWatchdog.stallOnly(Duration.ofMillis(50)));
        BlockingReads reads = reads(wait);
        List<PeerWatchdog.Verdict> seen = new ArrayList<>();
        assertThrows(SocketTimeoutException.class, () -> reads.read(ByteBuffer.allocate(1), check, throwing(seen)));
        assertEquals(List.of(PeerWatchdog.Verdict.STALLED), seen);
    }

    @Test
    void anInterruptEndsTheWaitAndKeepsTheInterruptStatus() {
        PeerWait wait = new PeerWait(PeerWatchdog.stallOnly(Duration.ofSeconds(30)));
        BlockingReads reads = reads(wait);
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedIOException.class, () -> reads.read(ByteBuffer.allocate(1), check, throwing(new ArrayList<>())));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void theFirstAbortWinsAndWakesAWaitingWriter() throws Exception {
        PeerWait wait = new PeerWait(PeerWatchdog.stallOnly(Duration.ofSeconds(30)));
        BlockingWrites writes = new BlockingWrites(wait, new OutboundWindow(10), Long.MAX_VALUE);
        writes.take(10, check, throwing(new ArrayList<>()));
        CountDownLatch waiting = new CountDownLatch(1);
        CompletableFuture<Void> second = CompletableFuture.runAsync(() -> {
            waiting.countDown();
            try {
                writes.take(1, check, throwing(new ArrayList<>()));
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        waiting.await();
        IOException first = new IOException("first");
        wait.lock();
        try {
            assertTrue(abort.abort(first));
            assertFalse(abort.abort(new IOException("second")));
            wait.signal();
        } finally {
            wait.unlock();
        }
        Exception failed = assertThrows(Exception.class, () -> second.get(10, TimeUnit.SECONDS));
        assertSame(first, failed.getCause().getCause());
    }

    @Test
    void aWriterWaitsForRoomAndAQuietWaitLooksAtTheChannel() throws Exception {
        PeerWait wait = new PeerWait(PeerWatchdog.stallOnly(Duration.ofSeconds(30)));
        BlockingWrites writes = new BlockingWrites(wait, new OutboundWindow(10), TimeUnit.MILLISECONDS.toNanos(5));
        CountDownLatch quiet = new CountDownLatch(1);
        PeerWait.Policy policy = new PeerWait.Policy() {
            @Override
            public void outOfTime(PeerWatchdog.Verdict verdict) throws IOException {
                throw new SocketTimeoutException();
            }

            @Override
            public void interrupted(InterruptedException e) throws IOException {
                throw new InterruptedIOException();
            }

            @Override
            public void quiet() {
                quiet.countDown();
            }
        };
        writes.take(8, check, policy);
        CompletableFuture<Void> next = CompletableFuture.runAsync(() -> {
            try {
                writes.take(8, check, policy);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(quiet.await(10, TimeUnit.SECONDS));
        assertFalse(next.isDone());
        writes.done(8, true);
        next.get(10, TimeUnit.SECONDS);
    }
}

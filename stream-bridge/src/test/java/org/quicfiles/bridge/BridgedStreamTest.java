package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The shared blocking stream core, with real threads: a writer and a reader against a transport's events. */
class BridgedStreamTest {
    private static final int CHUNK = InboundQueue.CHUNK;

    /** What the transport was asked to do, in order. */
    private final BlockingQueue<String> sent = new LinkedBlockingQueue<>();
    private final List<String> reading = new CopyOnWriteArrayList<>();
    private final List<Throwable> writeFailures = new CopyOnWriteArrayList<>();
    private final AtomicInteger chunksLive = new AtomicInteger();
    private volatile IOException refuseSends;
    private volatile IOException beforeCall;

    private final BridgedStream.Transport transport = new BridgedStream.Transport() {
        @Override
        public void send(ByteBuffer bytes, boolean last) throws IOException {
            if (refuseSends != null) {
                throw refuseSends;
            }
            sent.add(bytes.remaining() + (last ? " fin" : ""));
        }

        @Override
        public void finish() {
            sent.add("fin");
        }

        @Override
        public void pauseReading() {
            reading.add("pause");
        }

        @Override
        public void resumeReading() {
            reading.add("resume");
        }

        @Override
        public void pausedReadingDropped() {
            reading.add("dropped");
        }
    };

    /** A policy that fails the call at once with a timeout, like the client's, and wraps any other cause. */
    private final class Failing implements BridgedStream.Failures {
        @Override
        public void beforeCall(BridgedStream stream) throws IOException {
            if (beforeCall != null) {
                throw beforeCall;
            }
        }

        @Override
        public void outOfTime(BridgedStream stream, PeerWatchdog.Verdict verdict) throws IOException {
            SocketTimeoutException timedOut = new SocketTimeoutException(verdict.name());
            stream.abort(timedOut);
            throw timedOut;
        }

        @Override
        public void interrupted(BridgedStream stream, InterruptedException e) throws IOException {
            InterruptedIOException interrupted = new InterruptedIOException();
            stream.abort(interrupted);
            throw interrupted;
        }

        @Override
        public IOException thrown(IOException cause) {
            return new IOException("given up: " + cause.getMessage(), cause);
        }

        @Override
        public void writeFailed(BridgedStream stream, Throwable cause) {
            writeFailures.add(cause);
            stream.endWriting(new IOException("write failed", cause));
        }
    }

    private BridgedStream stream(Duration stall, long window) {
        return new BridgedStream(PeerWatchdog.stallOnly(stall), capacity -> {
            chunksLive.incrementAndGet();
            return new InboundQueue.Chunk(ByteBuffer.allocate(capacity), chunksLive::decrementAndGet);
        }, window, transport, new Failing());
    }

    private static <T> CompletableFuture<T> onThread(IoCall<T> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(call.run());
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private interface IoCall<T> {
        T run() throws IOException;
    }

    private static Throwable failure(CompletableFuture<?> call) {
        return assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS)).getCause();
    }

    @Test
    void aWriteLeavesInChunksAndOnlyItsLastCarriesFin() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), 1 << 20);
        stream.write(ByteBuffer.allocate(2 * CHUNK + 100), true);
        assertEquals(List.of(CHUNK + "", CHUNK + "", "100 fin"), List.copyOf(sent));
        IOException after = assertThrows(IOException.class, () -> stream.write(ByteBuffer.allocate(1), false));
        assertEquals("the response has ended", after.getMessage());
    }

    @Test
    void anEmptyLastWriteIsFinAloneAfterWhatWasWritten() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), 1 << 20);
        stream.write(ByteBuffer.allocate(10), false);
        stream.write(ByteBuffer.allocate(0), false);
        stream.write(ByteBuffer.allocate(0), true);
        assertEquals(List.of("10", "fin"), List.copyOf(sent));
    }

    @Test
    void aWriterWaitsForTheWindowUntilTheTransportWroteAChunk() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), 2L * CHUNK);
        CompletableFuture<Void> writer = onThread(() -> {
            stream.write(ByteBuffer.allocate(3 * CHUNK), false);
            return null;
        });
        assertEquals(CHUNK + "", sent.poll(10, TimeUnit.SECONDS));
        assertEquals(CHUNK + "", sent.poll(10, TimeUnit.SECONDS));
        // the third chunk needs room: only the transport's report of a written chunk makes it
        assertFalse(writer.isDone());
        stream.written(CHUNK, null);
        writer.get(10, TimeUnit.SECONDS);
        assertEquals(CHUNK + "", sent.poll(10, TimeUnit.SECONDS));
    }

    @Test
    void aChunkTheTransportRefusesGivesItsRoomBack() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), CHUNK);
        refuseSends = new IOException("the response has ended");
        assertSame(refuseSends, assertThrows(IOException.class, () -> stream.write(ByteBuffer.allocate(CHUNK), false)));
        refuseSends = null;
        // had the refused chunk kept its room, this write would wait for the 30 s stall timeout
        stream.write(ByteBuffer.allocate(CHUNK), false);
        assertEquals(List.of(CHUNK + ""), List.copyOf(sent));
    }

    @Test
    void aTransferLeavesInFilledChunksAndOnlyItsLastCarriesFin() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), 1 << 20);
        // reads of at most 1,000 bytes: the transport's default still sends whole chunks
        stream.transferFrom(pieces(2 * CHUNK + 100, Long.MAX_VALUE), 2 * CHUNK + 100, true);
        assertEquals(List.of(CHUNK + "", CHUNK + "", "100 fin"), List.copyOf(sent));
        assertThrows(IOException.class, () -> stream.transferFrom(pieces(1, Long.MAX_VALUE), 1, false));
    }

    @Test
    void aFailingOrShortSourceSendsNothingMoreAndGivesItsRoomBack() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), CHUNK);
        IOException failed = assertThrows(IOException.class,
                () -> stream.transferFrom(pieces(CHUNK, CHUNK / 2), 2L * CHUNK, true));
        assertEquals("the source failed", failed.getMessage());
        java.io.EOFException shortSource = assertThrows(java.io.EOFException.class,
                () -> stream.transferFrom(pieces(CHUNK / 2, Long.MAX_VALUE), 3L * CHUNK, true));
        assertEquals("the source ended " + (3 * CHUNK - CHUNK / 2) + " bytes short", shortSource.getMessage());
        // had a failed chunk kept its room, this transfer would wait for the 30 s stall timeout
        stream.transferFrom(pieces(CHUNK, Long.MAX_VALUE), CHUNK, true);
        assertEquals(List.of(CHUNK + " fin"), List.copyOf(sent));
    }

    /** {@code size} bytes in reads of at most 1,000, failing once {@code failAt} have been read. */
    private static java.nio.channels.ReadableByteChannel pieces(long size, long failAt) {
        return new java.nio.channels.ReadableByteChannel() {
            private long position;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (position >= failAt) {
                    throw new IOException("the source failed");
                }
                if (position == size) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(dst.remaining(), 1_000), Math.min(size, failAt) - position);
                dst.position(dst.position() + n);
                position += n;
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    @Test
    void aReaderWaitsForDataFromTheEventSideThenForFin() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), CHUNK);
        CompletableFuture<Integer> reader = onThread(() -> stream.read(ByteBuffer.allocate(100)));
        stream.received(ByteBuffer.wrap(new byte[] {1, 2, 3}));
        stream.readComplete();
        assertEquals(3, reader.get(10, TimeUnit.SECONDS));
        CompletableFuture<Integer> end = onThread(() -> stream.read(ByteBuffer.allocate(100)));
        stream.inputFinished();
        assertEquals(-1, end.get(10, TimeUnit.SECONDS));
        assertTrue(stream.inputDone());
    }

    @Test
    void anAbortWakesBothSidesFreesTheQueueAndThePolicySaysWhatIsThrown() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), CHUNK);
        stream.write(ByteBuffer.allocate(CHUNK), false);
        CompletableFuture<Void> writer = onThread(() -> {
            stream.write(ByteBuffer.allocate(1), false);
            return null;
        });
        for (int i = 0; i < InboundQueue.HIGH / CHUNK; i++) {
            stream.received(ByteBuffer.allocate(CHUNK));
        }
        assertEquals(List.of("pause"), reading);
        IOException reset = new IOException("reset by the peer");
        stream.abort(reset);
        stream.abort(new IOException("later"));
        assertEquals(List.of("pause", "dropped"), reading);
        assertEquals(0, chunksLive.get());
        Throwable failed = failure(writer);
        assertEquals("given up: reset by the peer", failed.getMessage());
        assertSame(reset, failed.getCause());
        IOException read = assertThrows(IOException.class, () -> stream.read(ByteBuffer.allocate(1)));
        assertSame(reset, read.getCause());
        stream.received(ByteBuffer.allocate(10));
        assertEquals(0, chunksLive.get());
    }

    @Test
    void aFailedWriteEndsWritingButNotReading() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), 1 << 20);
        stream.write(ByteBuffer.allocate(10), false);
        IOException stopSending = new IOException("STOP_SENDING");
        stream.written(10, stopSending);
        assertEquals(List.of(stopSending), writeFailures);
        IOException write = assertThrows(IOException.class, () -> stream.write(ByteBuffer.allocate(1), false));
        assertEquals("write failed", write.getMessage());
        stream.received(ByteBuffer.wrap(new byte[] {7}));
        stream.inputFinished();
        ByteBuffer dst = ByteBuffer.allocate(4);
        assertEquals(1, stream.read(dst));
        assertEquals(-1, stream.read(dst));
    }

    @Test
    void afterFinishInputIsDroppedWritesFailAndNoLaterEventAbortsIt() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), 1 << 20);
        stream.received(ByteBuffer.allocate(100));
        assertEquals(1, chunksLive.get());
        stream.finish("the response has ended");
        assertEquals(0, chunksLive.get());
        stream.received(ByteBuffer.allocate(100));
        assertEquals(0, chunksLive.get());
        stream.abortUnlessFinished(new IOException("STOP_SENDING"));
        assertFalse(stream.aborted());
        IOException write = assertThrows(IOException.class, () -> stream.write(ByteBuffer.allocate(1), false));
        assertEquals("the response has ended", write.getMessage());
    }

    @Test
    void aStalledPeerEndsAWaitThroughThePolicyAndTheStreamStaysGivenUp() {
        BridgedStream stream = stream(Duration.ofMillis(50), CHUNK);
        SocketTimeoutException timedOut = assertThrows(SocketTimeoutException.class,
                () -> stream.read(ByteBuffer.allocate(1)));
        assertEquals("STALLED", timedOut.getMessage());
        assertTrue(stream.aborted());
        IOException later = assertThrows(IOException.class, () -> stream.write(ByteBuffer.allocate(1), false));
        assertSame(timedOut, later.getCause());
    }

    @Test
    void thePolicyIsAskedBeforeEveryReadAndEveryChunk() throws Exception {
        BridgedStream stream = stream(Duration.ofSeconds(30), 1 << 20);
        beforeCall = new SocketTimeoutException("the call's deadline passed");
        assertSame(beforeCall, assertThrows(IOException.class, () -> stream.read(ByteBuffer.allocate(1))));
        assertSame(beforeCall, assertThrows(IOException.class, () -> stream.write(ByteBuffer.allocate(1), false)));
        assertTrue(sent.isEmpty());
    }

    @Test
    void anInterruptedReaderGetsThePolicysExceptionWithItsStatusKept() {
        BridgedStream stream = stream(Duration.ofSeconds(30), CHUNK);
        Thread.currentThread().interrupt();
        try {
            assertInstanceOf(InterruptedIOException.class,
                    assertThrows(IOException.class, () -> stream.read(ByteBuffer.allocate(1))));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted();
        }
    }
}

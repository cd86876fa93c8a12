package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The inbound queue alone: frames copied into chunks, counted by memory, paused and resumed at its marks. */
class InboundQueueTest {
    private final AtomicInteger live = new AtomicInteger();
    private final InboundQueue queue = new InboundQueue(capacity -> {
        live.incrementAndGet();
        return new InboundQueue.Chunk(ByteBuffer.allocateDirect(capacity), live::decrementAndGet);
    });

    @Test
    void smallFramesShareChunksAndComeOutInOrder() {
        byte[] sent = new byte[200_000];
        new Random(7).nextBytes(sent);
        for (int at = 0; at < sent.length; at += 1_350) {
            queue.add(ByteBuffer.wrap(sent, at, Math.min(1_350, sent.length - at)));
        }
        // 148 frames of ~1.3 KiB held in 4 chunks, not 148 buffers
        assertEquals(4, live.get());
        assertEquals(4 * InboundQueue.CHUNK, queue.memory());
        ByteArrayOutputStream read = new ByteArrayOutputStream();
        ByteBuffer dst = ByteBuffer.allocate(10_000);
        while (!queue.isEmpty()) {
            int n = queue.drainTo(dst.clear());
            assertEquals(dst.position(), n);
            read.write(dst.array(), 0, n);
        }
        assertArrayEquals(sent, read.toByteArray());
        assertEquals(0, live.get(), "every chunk freed once read");
    }

    @Test
    void readingPausesAtTheHighMarkAndResumesAtTheLowMark() {
        ByteBuffer frame = ByteBuffer.allocate(InboundQueue.CHUNK);
        boolean paused = false;
        int frames = 0;
        while (!paused) {
            paused = queue.add(frame.clear());
            frames++;
        }
        assertEquals(InboundQueue.HIGH / InboundQueue.CHUNK, frames);
        assertTrue(queue.paused());
        assertFalse(queue.add(frame.clear()), "pausing is said once");
        ByteBuffer dst = ByteBuffer.allocate(InboundQueue.CHUNK);
        queue.drainTo(dst.clear());
        queue.drainTo(dst.clear());
        queue.drainTo(dst.clear());
        assertFalse(queue.resumeIfLow(), "two chunks left: above the low mark");
        queue.drainTo(dst.clear());
        assertTrue(queue.resumeIfLow());
        assertFalse(queue.paused());
    }

    @Test
    void clearFreesEverythingAndSaysWhetherReadingWasPaused() {
        for (int i = 0; i < 5; i++) {
            queue.add(ByteBuffer.allocate(InboundQueue.CHUNK));
        }
        assertTrue(queue.clear());
        assertEquals(0, live.get());
        assertTrue(queue.isEmpty());
        queue.add(ByteBuffer.allocate(10));
        assertFalse(queue.clear());
    }

    @Test
    void aShortReadLeavesTheRestQueued() {
        queue.add(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5}));
        ByteBuffer dst = ByteBuffer.allocate(2);
        assertEquals(2, queue.drainTo(dst));
        assertArrayEquals(new byte[] {1, 2}, dst.array());
        assertEquals(0, queue.drainTo(dst), "no room: nothing moves");
        assertEquals(3, queue.drainTo(ByteBuffer.allocate(10)));
        assertTrue(queue.isEmpty());
    }
}

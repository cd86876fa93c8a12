package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The FIN policy alone, over a recording output whose timer runs only when the test says. */
class FinPolicyTest {
    private final List<String> sent = new ArrayList<>();
    private final List<Chunk> released = new ArrayList<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final FinPolicy<Chunk> policy = new FinPolicy<>(new FinPolicy.Output<>() {
        @Override
        public void send(Chunk chunk, boolean fin) {
            sent.add(chunk.size + (fin ? "+FIN" : ""));
        }

        @Override
        public void finWithoutData() {
            sent.add("FIN");
        }

        @Override
        public Chunk allButLastByte(Chunk chunk) {
            // as a Netty slice: the new chunk takes the bytes, the held one keeps its last byte
            Chunk front = new Chunk(chunk.size - 1);
            chunk.size = 1;
            return front;
        }

        @Override
        public int size(Chunk chunk) {
            return chunk.size;
        }

        @Override
        public void release(Chunk chunk) {
            released.add(chunk);
        }

        @Override
        public boolean schedule(Runnable task, long delayNanos) {
            timers.add(task);
            return true;
        }
    }, 0);

    /** A chunk of {@code size} bytes. */
    private static final class Chunk {
        int size;

        Chunk(int size) {
            this.size = size;
        }
    }

    private void runTimers() {
        List<Runnable> due = new ArrayList<>(timers);
        timers.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void aLastWriteSendsFinWithItsBytesAtOnceAndTheTimerHasNothingToDo() {
        policy.write(new Chunk(10), false);
        policy.write(new Chunk(5), true);
        assertEquals(List.of("10", "5+FIN"), sent);
        runTimers();
        policy.end();
        assertEquals(List.of("10", "5+FIN"), sent, "neither the timer nor the command's return sends more");
        assertEquals(0, policy.timerFlushes());
    }

    @Test
    void withoutALastWriteTheNewestChunkIsHeldForTheEnd() {
        policy.write(new Chunk(10), false);
        policy.write(new Chunk(7), false);
        assertEquals(List.of("10"), sent);
        policy.end();
        assertEquals(List.of("10", "7+FIN"), sent);
    }

    @Test
    void theFallbackTimerSendsAllButTheLastByteWhichKeepsTheFin() {
        policy.write(new Chunk(100), false);
        runTimers();
        assertEquals(List.of("99"), sent);
        assertEquals(1, policy.timerFlushes());
        runTimers();
        assertEquals(List.of("99"), sent, "a last byte is never sent alone by the timer");
        policy.end();
        assertEquals(List.of("99", "1+FIN"), sent);
    }

    @Test
    void nothingWrittenEndsWithAFinWithoutData() {
        policy.end();
        assertEquals(List.of("FIN"), sent);
    }

    @Test
    void anEmptyLastAfterWritesSendsTheHeldChunkWithFin() {
        policy.write(new Chunk(3), false);
        policy.end();
        policy.end();
        assertEquals(List.of("3+FIN"), sent);
    }

    @Test
    void aWriteAfterTheEndIsRefusedAndItsChunkFreed() {
        policy.write(new Chunk(1), true);
        Chunk late = new Chunk(2);
        assertThrows(IllegalStateException.class, () -> policy.write(late, false));
        assertEquals(List.of(late), released);
        assertTrue(policy.ended());
    }

    @Test
    void discardFreesTheHeldChunkAndSendsNothing() {
        Chunk held = new Chunk(4);
        policy.write(held, false);
        policy.discard();
        policy.end();
        runTimers();
        assertEquals(List.of(), sent);
        assertEquals(List.of(held), released);
    }
}

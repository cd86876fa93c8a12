package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The send budget serves waiting writers in the order they came, and a writer whose stream is gone
 * leaves the line without holding up the next. Timeouts are hang guards only.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SendMemoryOrderTest {
    private static final Duration GUARD = Duration.ofSeconds(30);

    @Test
    void waitingWritersAreServedFirstComeFirst() throws Exception {
        SendMemory memory = new SendMemory(2 * 1024);
        MemorySegment a = memory.allocate(1024, () -> false);
        MemorySegment b = memory.allocate(1024, () -> false);

        CompletableFuture<MemorySegment> first = waitFor(memory, 1024, () -> false);
        Await.until(() -> memory.waiting() == 1, GUARD, "the first writer waits");
        AtomicBoolean secondGone = new AtomicBoolean();
        CompletableFuture<MemorySegment> second = waitFor(memory, 1024, secondGone::get);
        Await.until(() -> memory.waiting() == 2, GUARD, "the second writer waits behind it");

        memory.free(a);
        MemorySegment firstChunk = first.get(GUARD.toSeconds(), TimeUnit.SECONDS);
        assertEquals(1024, firstChunk.byteSize());
        assertFalse(second.isDone(), "the second writer still waits: the room went to the first");
        assertEquals(1, memory.waiting());

        secondGone.set(true);
        assertNull(second.get(GUARD.toSeconds(), TimeUnit.SECONDS), "a writer whose stream is gone leaves the line");
        assertEquals(0, memory.waiting());

        memory.free(b);
        memory.free(firstChunk);
        assertEquals(0, memory.used());
        assertTrue(memory.peak() <= 2 * 1024);
    }

    private static CompletableFuture<MemorySegment> waitFor(SendMemory memory, long size,
                                                            java.util.function.BooleanSupplier gone) {
        CompletableFuture<MemorySegment> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(memory.allocate(size, gone));
            } catch (Throwable e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }
}

package org.quicfiles.app.internal.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MemoryBudgetTest {
    @Test
    void everyShareFollowsTheOneSize() {
        MemoryBudget budget = new MemoryBudget(256L << 20);
        assertEquals(80L << 20, budget.heap());
        assertEquals(56L << 20, new MemoryBudget(128L << 20).heap(), "a floor for what is alive whatever the traffic");
        assertEquals(64L << 20, budget.direct());
        assertEquals(16L << 20, budget.sendMemory());
        assertEquals(32L << 20, budget.requestMemory());
        assertEquals(4096, budget.maxConnections());
        assertEquals(2L << 20, budget.maxData());
        assertEquals(512L << 10, budget.maxStreamData());
        assertEquals(16L << 20, budget.chunkMemory());
        assertEquals(15L << 20, new MemoryBudget(4L << 30).maxData(), "never above the transports' own default");
        assertEquals(100_000, new MemoryBudget(64L << 30).maxConnections(), "capped");
    }

    @Test
    void derivesOnlyWhatTheTransportReadsAndTheOperatorLeftUnset() {
        MemoryBudget budget = new MemoryBudget(512L << 20);
        Map<String, String> derived = budget.transportDefaults(Set.of("max-connections", "request-memory", "port"),
                Set.of("transport.request-memory", "transport.port"));
        assertEquals(Map.of("transport.max-connections", "8192"), derived);
        assertEquals(Map.of("storage.chunk-memory", Long.toString(32L << 20)),
                budget.storageDefaults(Set.of("chunk-size", "chunk-memory"), Set.of()));
    }

    @Test
    void refusesASizeTooSmallToRun() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MemoryBudget(64L << 20));
        assertEquals("memory: 64M is less than the smallest that runs the server (96M)", e.getMessage());
    }

    @Test
    void formatsInBinaryUnits() {
        assertEquals("256M", MemoryBudget.format(256L << 20));
        assertEquals("1G", MemoryBudget.format(1L << 30));
        assertEquals("1536M", MemoryBudget.format(3L << 29));
        assertEquals("92.8M", MemoryBudget.format(97_320_960L));
        assertEquals("512K", MemoryBudget.format(512L << 10));
    }
}

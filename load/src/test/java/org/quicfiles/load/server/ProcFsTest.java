package org.quicfiles.load.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProcFsTest {
    private static final long SELF = ProcessHandle.current().pid();

    @Test
    void eachTimeAThreadBlocksCountsAsASwitch() throws InterruptedException {
        long before = ProcFs.contextSwitches(SELF);
        for (int i = 0; i < 5; i++) {
            Thread.sleep(1); // a sleep always gives the core up: one voluntary switch of this thread
        }
        long after = ProcFs.contextSwitches(SELF);

        assertTrue(before >= 0, "readable: " + before);
        assertTrue(after - before >= 5, "switches " + before + " -> " + after);
    }

    @Test
    void aProcessThatIsNotThereIsUnreadable() {
        assertEquals(-1, ProcFs.contextSwitches(Long.MAX_VALUE));
        assertEquals(-1, ProcFs.cpuNanos(Long.MAX_VALUE));
    }
}

package org.quicfiles.app.internal.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SharedSchedulerTest {
    @Test
    void runsPluginTasksButOnlyTheServerMayStopIt() throws Exception {
        ScheduledExecutorService real = Executors.newSingleThreadScheduledExecutor();
        try {
            SharedScheduler shared = new SharedScheduler(real);

            assertEquals("ran", shared.schedule(() -> "ran", 0, TimeUnit.MILLISECONDS).get());
            assertEquals("submitted", shared.submit(() -> "submitted").get());
            assertThrows(UnsupportedOperationException.class, shared::shutdown);
            assertThrows(UnsupportedOperationException.class, shared::shutdownNow);
            assertThrows(UnsupportedOperationException.class, shared::close);
            assertFalse(real.isShutdown());
        } finally {
            real.shutdownNow();
        }
    }
}

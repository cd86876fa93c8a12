package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicfiles.endpoints.files.internal.FilesFixture.putHeader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.quicfiles.testkit.TestServerContext;

class SchedulingTest {
    @TempDir
    Path root;

    /** Records what is scheduled with a fixed delay instead of running it. */
    static final class RecordingScheduler extends ScheduledThreadPoolExecutor {
        final List<Runnable> tasks = new ArrayList<>();
        final List<Long> delaysMillis = new ArrayList<>();
        final List<ScheduledFuture<?>> futures = new ArrayList<>();

        RecordingScheduler() {
            super(1);
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
            tasks.add(task);
            delaysMillis.add(unit.toMillis(delay));
            ScheduledFuture<?> future = super.scheduleWithFixedDelay(() -> { }, 1, 1, TimeUnit.DAYS);
            futures.add(future);
            return future;
        }
    }

    @Test
    void theDeleterIsScheduledEveryDeletePeriodAndCancelledOnClose() throws Exception {
        try (FilesFixture files = new FilesFixture(root)) {
            RecordingScheduler scheduler = new RecordingScheduler();
            TestServerContext context = files.context().toBuilder()
                    .config(Map.of("delete-period", "250ms")).scheduler(scheduler).build();
            FilesPlugin plugin = FilesPlugin.start(context);
            assertEquals(List.of(250L), scheduler.delaysMillis);

            files.put(FilesEndpointContract.randomBytes(10, 1), putHeader(10, 30L));
            assertEquals(1.0, context.meters().gauge("count"), "the stored files, read from the table");
            assertEquals(10.0, context.meters().gauge("bytes"));
            assertEquals(0, context.meters().count("deleter.runs"));
            files.clock.advance(Duration.ofSeconds(30));
            scheduler.tasks.getFirst().run();
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                while (files.rowCount() > 0 || context.meters().count("deleter.runs") == 0) {
                    Thread.onSpinWait();
                }
            });
            assertEquals(1, context.meters().count("deleter.runs"));
            assertEquals(1, context.meters().count("deleter.deleted"));
            plugin.endpoints().onClose().close();
            assertTrue(scheduler.futures.getFirst().isCancelled());
            scheduler.shutdownNow();
        }
    }

    @Test
    void nothingIsScheduledWhenDeleteExpiredIsOff() throws Exception {
        try (FilesFixture files = new FilesFixture(root)) {
            RecordingScheduler scheduler = new RecordingScheduler();
            FilesPlugin.start(files.context().toBuilder()
                    .config(Map.of("delete-expired", "false")).scheduler(scheduler).build());
            assertTrue(scheduler.tasks.isEmpty());
            scheduler.shutdownNow();
        }
    }
}

package org.quicfiles.app.internal.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BatchingAppenderTest {
    /** Longer than any test runs: a line written before it passed was written because of a wake-up, not the timer. */
    private static final Duration NEVER = Duration.ofHours(1);
    private final LoggerContext context = new LoggerContext();
    private final Logger logger = context.getLogger("quicfiles.access");
    private final Sink sink = new Sink();
    private BatchingAppender queue;

    @AfterEach
    void stop() {
        if (queue != null) {
            queue.stop();
        }
    }

    private BatchingAppender start(int capacity) {
        context.setMDCAdapter(new ch.qos.logback.classic.util.LogbackMDCAdapter()); // what SLF4J's provider gives the real one
        sink.setContext(context);
        sink.start();
        queue = new BatchingAppender(sink, capacity, NEVER, Duration.ofSeconds(10));
        queue.setContext(context);
        queue.start();
        return queue;
    }

    private ILoggingEvent event(Level level, String message) {
        return new LoggingEvent(Logger.FQCN, logger, level, message, null, null);
    }

    @Test
    void aWarningIsWrittenAtOnceWithTheLinesBeforeIt() throws Exception {
        start(100);

        queue.doAppend(event(Level.INFO, "access line"));
        queue.doAppend(event(Level.WARN, "something is wrong"));

        assertEquals("access line", sink.next().getFormattedMessage());
        assertEquals("something is wrong", sink.next().getFormattedMessage());
    }

    @Test
    void stopWritesWhatIsQueuedAndStopsTheRealAppender() {
        start(100);
        for (int i = 0; i < 3; i++) {
            queue.doAppend(event(Level.INFO, "line " + i));
        }

        queue.stop();

        assertEquals(List.of("line 0", "line 1", "line 2"), sink.messages());
        assertFalse(sink.isStarted());
    }

    @Test
    void aFullQueueMakesLoggersWaitAndLosesNoLine() throws Exception {
        start(16);
        int threads = 4;
        int lines = 5_000;
        List<Thread> loggers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String name = "logger-" + t;
            loggers.add(Thread.ofPlatform().name(name).start(() -> {
                for (int i = 0; i < lines; i++) {
                    queue.doAppend(event(Level.INFO, name + " " + i));
                }
            }));
        }
        for (Thread thread : loggers) {
            // a writer woken only by its timer would leave these blocked on the full queue for an hour
            assertTrue(thread.join(Duration.ofSeconds(60)), thread.getName() + " still waits for room in the queue");
        }
        queue.stop();

        List<String> written = sink.messages();
        assertEquals(threads * lines, written.size());
        Map<String, Integer> last = new HashMap<>();
        for (String message : written) {
            String[] parts = message.split(" ");
            int index = Integer.parseInt(parts[1]);
            assertEquals(last.getOrDefault(parts[0], -1) + 1, index, "each thread's lines in order: " + message);
            last.put(parts[0], index);
        }
    }

    /** Collects what it is given. */
    private static final class Sink extends AppenderBase<ILoggingEvent> {
        private final LinkedBlockingQueue<ILoggingEvent> events = new LinkedBlockingQueue<>();
        private final List<ILoggingEvent> taken = new ArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            events.add(event);
        }

        ILoggingEvent next() throws InterruptedException {
            ILoggingEvent event = events.poll(30, TimeUnit.SECONDS);
            assertTrue(event != null, "no line written within 30 s (the linger is an hour)");
            return event;
        }

        List<String> messages() {
            events.drainTo(taken);
            return taken.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }
    }
}

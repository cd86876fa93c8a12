package org.quicfiles.app.internal.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * Puts a running server's lines on a queue that one writer thread empties in batches into the real
 * appender (decision note 0412). Unlike Logback's {@code AsyncAppender}, whose writer waits in
 * {@code take()} and so is woken once per line, the writer here looks at the queue every
 * {@code linger} and is woken early only by a WARN or ERROR line or a queue half full: at thousands
 * of access lines a second the logging thread does not wake another thread per request, and the
 * writer runs a few times a second instead of once per line.
 *
 * <p>No line is dropped: a full queue blocks the logging thread until the writer made room.
 * {@link #stop()} writes what is queued (up to {@code maxFlush}) and stops the real appender.
 */
final class BatchingAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
    private final Appender<ILoggingEvent> out;
    private final ArrayBlockingQueue<ILoggingEvent> queue;
    private final int wakeAt;
    private final long lingerNanos;
    private final Duration maxFlush;
    private final Thread writer;
    private volatile boolean stopping;

    /**
     * @param out the appender the lines go to (started; this one stops it)
     * @param capacity lines queued at most before the logging thread waits
     * @param linger how long an INFO line may wait in the queue
     * @param maxFlush how long {@link #stop()} waits for the queue to be written
     */
    BatchingAppender(Appender<ILoggingEvent> out, int capacity, Duration linger, Duration maxFlush) {
        this.out = out;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.wakeAt = Math.max(1, capacity / 2);
        this.lingerNanos = linger.toNanos();
        this.maxFlush = maxFlush;
        this.writer = Thread.ofPlatform().daemon().name("quicfiles-log-writer").unstarted(this::writeUntilStopped);
    }

    @Override
    public void start() {
        writer.start();
        super.start();
    }

    @Override
    protected void append(ILoggingEvent event) {
        event.prepareForDeferredProcessing(); // the message and the thread's name, before the writer's thread sees it
        try {
            queue.put(event);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            out.doAppend(event); // interrupted while the queue was full: written here rather than lost
            return;
        }
        if (event.getLevel().isGreaterOrEqual(Level.WARN) || queue.size() >= wakeAt) {
            LockSupport.unpark(writer);
        }
    }

    private void writeUntilStopped() {
        List<ILoggingEvent> batch = new ArrayList<>();
        while (!stopping) {
            LockSupport.parkNanos(this, lingerNanos);
            writeQueued(batch);
        }
        writeQueued(batch);
    }

    private void writeQueued(List<ILoggingEvent> batch) {
        while (queue.drainTo(batch) > 0) {
            for (ILoggingEvent event : batch) {
                out.doAppend(event);
            }
            batch.clear();
        }
    }

    @Override
    public void stop() {
        if (!isStarted()) {
            return;
        }
        super.stop();
        stopping = true;
        LockSupport.unpark(writer);
        try {
            if (!writer.join(maxFlush)) {
                addWarn(queue.size() + " log lines not written within " + maxFlush.toMillis() + " ms of stopping");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.stop();
    }
}

package org.quicfiles.app.internal.runtime;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The scheduler plugins share, as they see it: everything is delegated except the lifecycle. Only
 * the server may stop it; a plugin that tries gets an {@link UnsupportedOperationException} telling
 * it to cancel its own tasks instead, so one plugin cannot stop the others' background work.
 */
final class SharedScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final ScheduledExecutorService delegate;

    SharedScheduler(ScheduledExecutorService delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return delegate.schedule(command, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return delegate.schedule(callable, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        return delegate.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return delegate.scheduleWithFixedDelay(command, initialDelay, delay, unit);
    }

    @Override
    public void execute(Runnable command) {
        delegate.execute(command);
    }

    @Override
    public void shutdown() {
        throw refused();
    }

    @Override
    public List<Runnable> shutdownNow() {
        throw refused();
    }

    @Override
    public void close() {
        throw refused();
    }

    @Override
    public boolean isShutdown() {
        return delegate.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return delegate.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return delegate.awaitTermination(timeout, unit);
    }

    private static UnsupportedOperationException refused() {
        return new UnsupportedOperationException(
                "the scheduler is shared by all plugins and stopped by the server; cancel your own tasks instead");
    }
}

package org.quicfiles.storage.uring.internal;

import io.netty.channel.IoEvent;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoRegistration;
import io.netty.channel.uring.IoUringIoEvent;
import io.netty.channel.uring.IoUringIoHandle;
import io.netty.channel.uring.IoUringIoOps;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One io_uring event loop as a submitter of raw file operations: each {@link #submit} becomes one
 * submission queue entry and completes its future with the completion's {@code res} (−errno on
 * failure) on the loop thread. Submissions made from other threads are queued as loop tasks, so all
 * the entries queued while the loop was busy go to the kernel with one {@code io_uring_enter}.
 */
final class UringChannel implements IoUringIoHandle {
    private final IoEventLoop loop;
    private final Map<Long, CompletableFuture<Integer>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1L << 20);
    private volatile IoRegistration registration;

    private UringChannel(IoEventLoop loop) {
        this.loop = loop;
    }

    /** Registers a new channel on {@code loop}. */
    static UringChannel register(IoEventLoop loop) throws Exception {
        UringChannel channel = new UringChannel(loop);
        channel.registration = loop.register(channel).sync().getNow();
        return channel;
    }

    /**
     * Submits one operation; the fields mirror {@code struct io_uring_sqe}.
     *
     * @param opcode the {@code IORING_OP_*} number
     * @param fd the file (or directory) descriptor
     * @param off {@code off} / {@code addr2}
     * @param addr {@code addr} (a buffer or a path)
     * @param len {@code len}
     * @param opFlags {@code rw_flags} / {@code open_flags} / {@code fsync_flags} …
     * @return the completion's result; never completes exceptionally unless the ring is gone
     */
    CompletableFuture<Integer> submit(byte opcode, int fd, long off, long addr, int len, int opFlags) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        long id = nextId.getAndIncrement();
        pending.put(id, result);
        IoRegistration current = registration;
        long submitted = current == null ? 0
                : current.submit(new IoUringIoOps(opcode, (byte) 0, (short) 0, fd, off, addr, len, opFlags,
                        id, (short) 0, (short) 0, 0, 0L));
        if (submitted == 0) {
            pending.remove(id);
            result.completeExceptionally(new IllegalStateException("io_uring ring is closed"));
        }
        return result;
    }

    @Override
    public void handle(IoRegistration registration, IoEvent event) {
        IoUringIoEvent completion = (IoUringIoEvent) event;
        CompletableFuture<Integer> waiting = pending.remove(completion.userData());
        if (waiting != null) {
            waiting.complete(completion.res());
        }
    }

    /** Whether the loop is still accepting work. */
    boolean isOpen() {
        IoRegistration current = registration;
        return current != null && current.isValid() && !loop.isShuttingDown();
    }

    @Override
    public void close() {
        IoRegistration current = registration;
        if (current != null) {
            current.cancel();
        }
        IllegalStateException gone = new IllegalStateException("io_uring ring closed with the operation in flight");
        pending.values().forEach(f -> f.completeExceptionally(gone));
        pending.clear();
    }
}

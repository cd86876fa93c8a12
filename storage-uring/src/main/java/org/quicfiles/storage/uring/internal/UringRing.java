package org.quicfiles.storage.uring.internal;

import io.netty.channel.IoEventLoop;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringIoHandlerConfig;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The io_uring event loops a store submits to: {@code threads} loops, each with one
 * {@link UringChannel}. Files are spread over the loops round-robin; each file stays on its loop.
 */
final class UringRing implements AutoCloseable {
    private final MultiThreadIoEventLoopGroup group;
    private final List<UringFiles> files = new ArrayList<>();
    private final AtomicInteger next = new AtomicInteger();

    private UringRing(MultiThreadIoEventLoopGroup group) {
        this.group = group;
    }

    /**
     * Starts {@code threads} io_uring loops (daemon threads named {@code quicfiles-uring-N}), each
     * allowing the kernel up to {@code maxWorkers} io-wq workers for operations that block.
     */
    static UringRing start(int threads, int maxWorkers) throws Exception {
        IoUringIoHandlerConfig config = new IoUringIoHandlerConfig()
                .setMaxBoundedWorker(maxWorkers).setMaxUnboundedWorker(maxWorkers);
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(threads,
                new DefaultThreadFactory("quicfiles-uring", true), IoUringIoHandler.newFactory(config));
        UringRing ring = new UringRing(group);
        try {
            for (int i = 0; i < threads; i++) {
                IoEventLoop loop = group.next();
                ring.files.add(new UringFiles(UringChannel.register(loop)));
            }
        } catch (Exception | Error e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
        return ring;
    }

    /** The loop the next file should use. */
    UringFiles next() {
        return files.get(Math.floorMod(next.getAndIncrement(), files.size()));
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}

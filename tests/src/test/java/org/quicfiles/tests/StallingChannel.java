package org.quicfiles.tests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.CountDownLatch;

/**
 * An upload body that gives {@code limit} bytes of {@code content}, then blocks until interrupted:
 * an upload caught mid-way, for the tests that kill a server during one.
 */
final class StallingChannel implements ReadableByteChannel {
    private final byte[] content;
    private final int limit;
    private final CountDownLatch stalled;
    private int position;

    StallingChannel(byte[] content, int limit, CountDownLatch stalled) {
        this.content = content;
        this.limit = limit;
        this.stalled = stalled;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (position >= limit) {
            stalled.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException();
            }
        }
        int n = Math.min(dst.remaining(), limit - position);
        dst.put(content, position, n);
        position += n;
        return n;
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
    }
}

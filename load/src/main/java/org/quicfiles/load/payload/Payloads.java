package org.quicfiles.load.payload;

import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The bytes every target serves and receives: a fixed pattern per size, shared read-only, so that
 * servers from memory, seeded files and downloads can be compared byte for byte.
 */
public final class Payloads {
    private static final Map<Long, ByteBuffer> PATTERNS = new ConcurrentHashMap<>();

    private Payloads() {
    }

    /** The pattern of {@code size} bytes (read-only; duplicate before use). */
    public static ByteBuffer pattern(long size) {
        if (size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("size over 2 GiB: " + size);
        }
        return PATTERNS.computeIfAbsent(size, s -> {
            byte[] bytes = new byte[(int) (long) s];
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) (i * 31 + (i >>> 11));
            }
            return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
        }).duplicate();
    }

    /**
     * The pattern of {@code size} bytes with its first 8 bytes replaced by {@code unique}: distinct
     * content per upload, so a content-addressed server stores every upload.
     */
    public static ReadableByteChannel uniqueUpload(long size, long unique) {
        ByteBuffer prefix = ByteBuffer.allocate((int) Math.min(Long.BYTES, size));
        for (int i = 0; i < prefix.capacity(); i++) {
            prefix.put(i, (byte) (unique >>> (8 * i)));
        }
        ByteBuffer rest = pattern(size).position(prefix.capacity());
        return new TwoPartChannel(prefix, rest);
    }

    /** A readable channel over the whole pattern. */
    public static ReadableByteChannel channel(long size) {
        return new TwoPartChannel(ByteBuffer.allocate(0), pattern(size));
    }

    /** Reads one buffer, then the other. */
    private static final class TwoPartChannel implements ReadableByteChannel {
        private final ByteBuffer first;
        private final ByteBuffer second;
        private boolean open = true;

        TwoPartChannel(ByteBuffer first, ByteBuffer second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public int read(ByteBuffer dst) {
            ByteBuffer from = first.hasRemaining() ? first : second;
            if (!from.hasRemaining()) {
                return -1;
            }
            int n = Math.min(dst.remaining(), from.remaining());
            dst.put(dst.position(), from, from.position(), n);
            dst.position(dst.position() + n);
            from.position(from.position() + n);
            return n;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void close() {
            open = false;
        }
    }
}

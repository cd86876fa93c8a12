package org.quicfiles.transport.quic.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;

/** Test channels that generate or count bytes without holding them. */
final class Channels {
    private Channels() {
    }

    /** {@code size} bytes of a fixed pattern: byte i of each 64 KiB block is (byte) i. */
    static ReadableByteChannel pattern(long size) {
        return new ReadableByteChannel() {
            private long position;

            @Override
            public int read(ByteBuffer dst) {
                if (position == size) {
                    return -1;
                }
                int n = (int) Math.min(dst.remaining(), size - position);
                for (int i = 0; i < n; i++) {
                    dst.put((byte) ((position + i) % (64 * 1024)));
                }
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
        };
    }

    /**
     * {@code source} in reads of at most {@code piece} bytes, throwing an {@link IOException} once
     * {@code failAfter} bytes have been read.
     */
    static ReadableByteChannel failing(ReadableByteChannel source, long failAfter, int piece) {
        return new ReadableByteChannel() {
            private long position;

            @Override
            public int read(ByteBuffer dst) throws IOException {
                if (position >= failAfter) {
                    throw new IOException("the source failed after " + position + " bytes");
                }
                int limit = dst.limit();
                dst.limit(dst.position() + (int) Math.min(Math.min(dst.remaining(), piece), failAfter - position));
                try {
                    int n = source.read(dst);
                    position += Math.max(0, n);
                    return n;
                } finally {
                    dst.limit(limit);
                }
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }

    /** {@code size} bytes copied from a fixed block: cheap enough not to limit a benchmark. */
    static ReadableByteChannel repeat(long size) {
        byte[] block = new byte[64 * 1024];
        new java.util.Random(1).nextBytes(block);
        return new ReadableByteChannel() {
            private long position;

            @Override
            public int read(ByteBuffer dst) {
                if (position == size) {
                    return -1;
                }
                int n = (int) Math.min(Math.min(dst.remaining(), size - position), block.length);
                dst.put(block, 0, n);
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
        };
    }

    /** Counts bytes and drops them. */
    static final class Count implements WritableByteChannel {
        long count;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            count += n;
            src.position(src.limit());
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

    /** Counts bytes and checks they follow {@link #pattern}. */
    static final class PatternCheck implements WritableByteChannel {
        long count;
        long mismatches;

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            while (src.hasRemaining()) {
                if (src.get() != (byte) (count++ % (64 * 1024))) {
                    mismatches++;
                }
            }
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

    /** Collects everything written. */
    static final class Collect implements WritableByteChannel {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public int write(ByteBuffer src) {
            int n = src.remaining();
            byte[] chunk = new byte[n];
            src.get(chunk);
            bytes.write(chunk, 0, n);
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

    /** Fails after {@code limit} bytes, as a sink whose disk filled up. */
    static WritableByteChannel failingAfter(long limit) {
        return new WritableByteChannel() {
            private long seen;

            @Override
            public int write(ByteBuffer src) throws IOException {
                seen += src.remaining();
                if (seen > limit) {
                    throw new IOException("sink full");
                }
                int n = src.remaining();
                src.position(src.limit());
                return n;
            }

            @Override
            public boolean isOpen() {
                return true;
            }

            @Override
            public void close() {
            }
        };
    }
}

package org.quicfiles.app.internal.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.util.function.LongConsumer;

/** Channel wrappers that report each chunk's size (for the progress bar). */
public final class CountingChannels {
    private CountingChannels() {
    }

    /** A source that reports every chunk read. */
    public static ReadableByteChannel reading(ReadableByteChannel source, LongConsumer counted) {
        return new ReadableByteChannel() {
            @Override
            public int read(ByteBuffer dst) throws IOException {
                int read = source.read(dst);
                if (read > 0) {
                    counted.accept(read);
                }
                return read;
            }

            @Override
            public boolean isOpen() {
                return source.isOpen();
            }

            @Override
            public void close() throws IOException {
                source.close();
            }
        };
    }

    /** A sink that writes every chunk whole and reports it. */
    public static WritableByteChannel writing(WritableByteChannel sink, LongConsumer counted) {
        return new WritableByteChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                int written = 0;
                while (src.hasRemaining()) {
                    written += sink.write(src);
                }
                counted.accept(written);
                return written;
            }

            @Override
            public boolean isOpen() {
                return sink.isOpen();
            }

            @Override
            public void close() throws IOException {
                sink.close();
            }
        };
    }
}

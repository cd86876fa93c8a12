package org.quicfiles.load.payload;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/** Where a download goes: counts the bytes and, when verifying, compares them with the pattern. */
public final class DownloadSink implements WritableByteChannel {
    private final ByteBuffer expected;
    private final boolean verify;
    private long received;

    public DownloadSink(long size, boolean verify) {
        this.expected = verify ? Payloads.pattern(size) : null;
        this.verify = verify;
    }

    @Override
    public int write(ByteBuffer src) throws IOException {
        int n = src.remaining();
        if (verify) {
            if (n > expected.remaining()) {
                throw new IOException("download longer than the file");
            }
            int mismatch = src.mismatch(expected.slice(expected.position(), n));
            if (mismatch >= 0) {
                throw new IOException("download differs from the file at byte " + (received + mismatch));
            }
            expected.position(expected.position() + n);
        }
        src.position(src.limit());
        received += n;
        return n;
    }

    /** Bytes written so far. */
    public long received() {
        return received;
    }

    /** Fails unless exactly {@code size} bytes arrived. */
    public void requireComplete(long size) throws IOException {
        if (received != size) {
            throw new IOException("download of " + received + " bytes, expected " + size);
        }
    }

    @Override
    public boolean isOpen() {
        return true;
    }

    @Override
    public void close() {
        // nothing held
    }
}

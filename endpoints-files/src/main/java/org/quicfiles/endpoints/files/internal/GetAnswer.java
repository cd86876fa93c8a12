package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.storage.BlobReader;

/**
 * A GET answer as one channel for {@link org.quicfiles.api.endpoint.StreamExchange#transferFrom}:
 * its head, then exactly the file's size in blob bytes, so that the head rides in the first send
 * buffer and the blob is read straight into the transport's. The blob is checked as it is read: one
 * that ends early, or still has bytes once the file's size is read, fails with 480 before the
 * last buffer (and the stream's FIN) leaves: a blob that changed is reset, never cut short.
 */
final class GetAnswer implements ReadableByteChannel {
    private final ByteBuffer head;
    private final BlobReader blob;
    private final FileInfo file;
    private long blobLeft;
    /** Whether the blob was checked to end where the file does. */
    private boolean endChecked;

    GetAnswer(byte[] head, BlobReader blob, FileInfo file) {
        this.head = ByteBuffer.wrap(head);
        this.blob = blob;
        this.file = file;
        this.blobLeft = file.size();
    }

    /** The answer's length: head and file. */
    long size() {
        return head.capacity() + file.size();
    }

    @Override
    public int read(ByteBuffer dst) {
        int n = Math.min(head.remaining(), dst.remaining());
        dst.put(dst.position(), head, head.position(), n);
        dst.position(dst.position() + n);
        head.position(head.position() + n);
        if (blobLeft > 0 && dst.hasRemaining()) {
            n += readBlob(dst);
        } else if (blobLeft == 0 && !head.hasRemaining() && !endChecked) {
            requireEnd(); // an empty file: its blob must be empty too, before the head's last bytes leave
        }
        return n == 0 && blobLeft == 0 && !head.hasRemaining() ? -1 : n;
    }

    /** Reads up to the file's end, never beyond it; at the end, checks that the blob ends there too. */
    private int readBlob(ByteBuffer dst) {
        int limit = dst.limit();
        dst.limit(dst.position() + (int) Math.min(dst.remaining(), blobLeft));
        int read;
        try {
            read = blob.read(dst);
        } catch (IOException e) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "cannot read blob " + file.id(), e);
        } finally {
            dst.limit(limit);
        }
        if (read < 0) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR,
                    "blob " + file.id() + " ended after " + (file.size() - blobLeft) + " bytes");
        }
        blobLeft -= read;
        if (blobLeft == 0) {
            requireEnd();
        }
        return read;
    }

    /** The file's bytes are all read: the blob must have no more. */
    private void requireEnd() {
        endChecked = true;
        int more;
        try {
            more = blob.read(ByteBuffer.allocate(1));
        } catch (IOException e) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "cannot read blob " + file.id(), e);
        }
        if (more >= 0) {
            throw new QuicFilesException(ErrorCode.INTERNAL_ERROR, "blob " + file.id() + " grew while read");
        }
    }

    /** The blob stays the command's to close. */
    @Override
    public boolean isOpen() {
        return blob.isOpen();
    }

    @Override
    public void close() {
        // the command closes the blob with its try-with-resources
    }
}

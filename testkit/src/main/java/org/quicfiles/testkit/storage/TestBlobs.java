package org.quicfiles.testkit.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;

/** Deterministic blob contents and the write/read loops that storage contract tests share. */
public final class TestBlobs {
    private TestBlobs() {
    }

    /** {@code size} pseudo-random bytes from {@code seed}. */
    public static byte[] content(long seed, int size) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code content} in pieces of {@code piece} bytes (heap buffers) and returns the writer, uncommitted. */
    public static BlobWriter write(BlobStore store, byte[] content, int piece) throws IOException {
        BlobWriter writer = store.create();
        try {
            for (int offset = 0; offset < content.length; offset += piece) {
                int length = Math.min(piece, content.length - offset);
                ByteBuffer chunk = ByteBuffer.wrap(content, offset, length);
                assertEquals(length, writer.write(chunk));
                assertEquals(0, chunk.remaining());
            }
            assertEquals(content.length, writer.size());
            return writer;
        } catch (IOException | RuntimeException | Error e) {
            writer.close();
            throw e;
        }
    }

    /** Writes and commits {@code content} as {@code id}. */
    public static void put(BlobStore store, String id, byte[] content) throws IOException {
        BlobWriter writer = write(store, content, 64 * 1024);
        writer.commit(id);
    }

    /** Reads a whole blob with a destination of {@code piece} bytes (direct when asked). */
    public static byte[] readAll(BlobReader reader, int piece, boolean direct) throws IOException {
        long size = reader.size();
        byte[] out = new byte[Math.toIntExact(size)];
        ByteBuffer dst = direct ? ByteBuffer.allocateDirect(piece) : ByteBuffer.allocate(piece);
        int filled = 0;
        while (true) {
            dst.clear();
            int n = reader.read(dst);
            if (n < 0) {
                break;
            }
            dst.flip();
            if (filled + n > out.length) {
                throw new AssertionError("blob longer than its size " + size);
            }
            dst.get(out, filled, n);
            filled += n;
        }
        assertEquals(size, filled, "bytes read vs size()");
        return out;
    }

    /** Reads {@code id} whole. */
    public static byte[] get(BlobStore store, String id) throws IOException {
        try (BlobReader reader = store.open(id)) {
            return readAll(reader, 100_000, false);
        }
    }

    /** A short digest for assertion messages that would otherwise print megabytes. */
    public static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 16)
                    + "/" + bytes.length;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}

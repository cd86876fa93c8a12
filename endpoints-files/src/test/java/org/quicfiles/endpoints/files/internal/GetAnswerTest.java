package org.quicfiles.endpoints.files.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.testkit.InMemoryExchange;

/**
 * A GET answer read as one channel: the head, then exactly the file's bytes, whatever the pieces
 * the reader asks for; a blob that has more or fewer bytes than its row says fails with 480 before
 * the answer's last bytes (and its FIN) are sent.
 */
class GetAnswerTest {
    private static final byte[] HEAD = "12:d1:si5ee".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    @Test
    void headThenBlobInAnyPieces() throws Exception {
        for (int size : new int[] {0, 100_000}) {
            headThenBlobInAnyPieces(bytes(size));
        }
    }

    private static void headThenBlobInAnyPieces(byte[] content) throws Exception {
        for (int piece : new int[] {1, 7, HEAD.length, HEAD.length + 1, 4096, 65_536, 200_000}) {
            GetAnswer answer = new GetAnswer(HEAD, new ArrayBlob(content, content.length, 3_000), file(content.length));
            assertEquals(HEAD.length + content.length, answer.size());
            ByteBuffer all = ByteBuffer.allocate((int) answer.size());
            ByteBuffer dst = ByteBuffer.allocate(piece);
            int n;
            while ((n = answer.read(dst.clear())) >= 0) {
                assertTrue(n > 0 || dst.capacity() == 0, "piece " + piece + ": a read of nothing");
                all.put(dst.flip());
            }
            assertFalse(all.hasRemaining(), "piece " + piece);
            assertArrayEquals(HEAD, Arrays.copyOf(all.array(), HEAD.length), "piece " + piece);
            assertArrayEquals(content, Arrays.copyOfRange(all.array(), HEAD.length, all.capacity()), "piece " + piece);
        }
    }

    @Test
    void aBlobThatGrewIsResetNotCutShort() throws Exception {
        for (int size : new int[] {0, 1, 1_000, 100_000}) {
            byte[] grown = bytes(size + 1);
            InMemoryExchange exchange = InMemoryExchange.withHeader(Map.of("!", "GET"));
            GetAnswer answer = new GetAnswer(HEAD, new ArrayBlob(grown, size, 65_536), file(size));
            QuicFilesException e = assertThrows(QuicFilesException.class,
                    () -> exchange.transferFrom(answer, answer.size(), true), "size " + size);
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            assertTrue(e.getMessage().contains("grew"), e.getMessage());
            assertFalse(exchange.endedExplicitly(), "size " + size + ": the answer must not end");
            assertTrue(exchange.written().length < answer.size(), "size " + size + ": its last bytes must not leave");
        }
    }

    @Test
    void aBlobThatShrankIsResetNotCutShort() throws Exception {
        for (int size : new int[] {1, 1_000, 100_000}) {
            byte[] shrunk = bytes(size - 1);
            InMemoryExchange exchange = InMemoryExchange.withHeader(Map.of("!", "GET"));
            GetAnswer answer = new GetAnswer(HEAD, new ArrayBlob(shrunk, size, 65_536), file(size));
            QuicFilesException e = assertThrows(QuicFilesException.class,
                    () -> exchange.transferFrom(answer, answer.size(), true), "size " + size);
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code());
            assertTrue(e.getMessage().contains("ended after " + (size - 1) + " bytes"), e.getMessage());
            assertFalse(exchange.endedExplicitly(), "size " + size + ": the answer must not end");
        }
    }

    private static FileInfo file(long size) {
        return new FileInfo("f", size, 1_000, 2_000);
    }

    private static byte[] bytes(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    /** A blob whose reader claims {@code size} bytes and delivers {@code content}, at most {@code piece} per read. */
    private static final class ArrayBlob implements BlobReader {
        private final byte[] content;
        private final long size;
        private final int piece;
        private int position;

        ArrayBlob(byte[] content, long size, int piece) {
            this.content = content;
            this.size = size;
            this.piece = piece;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (position == content.length) {
                return -1;
            }
            int n = Math.min(Math.min(dst.remaining(), piece), content.length - position);
            dst.put(content, position, n);
            position += n;
            return n;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }
}

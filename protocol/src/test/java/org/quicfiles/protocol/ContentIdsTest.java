package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

class ContentIdsTest {
    // computed independently with Python: hashlib.blake2b(data, key=b'SessionFileSvr\0\0', digest_size=33)
    private static final String HELLO = "QGChqFTfloXyg6h9S63_JZgIFZlEYp9lsmQ0F8aMdq8I";
    private static final String EMPTY = "YLNgiZ_p2PEeiVCrFnTAKY8A_WW1FLbz4G5q0zRGNUHz";
    private static final String COUNTING = "5KV3xjVlPTTYCq4a7qHTy8tgGerSbVV4Av7LaXpErZrX";

    private static byte[] counting() {
        byte[] counting = new byte[256_000];
        for (int index = 0; index < counting.length; index++) {
            counting[index] = (byte) index;
        }
        return counting;
    }

    private static String idInPieces(byte[] content, int piece) {
        ContentIds.Hasher hasher = ContentIds.hasher();
        for (int offset = 0; offset < content.length; offset += piece) {
            hasher.update(ByteBuffer.wrap(content, offset, Math.min(piece, content.length - offset)));
        }
        return hasher.finish();
    }

    @Test
    void matchesAnIndependentBlake2bImplementation() {
        assertEquals(HELLO, ContentIds.of("hello".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(HELLO, idInPieces("hello".getBytes(StandardCharsets.US_ASCII), 2));
        assertEquals(EMPTY, ContentIds.of(new byte[0]));
        assertEquals(EMPTY, ContentIds.hasher().finish());
        assertEquals(COUNTING, ContentIds.of(counting()));
        assertEquals(COUNTING, idInPieces(counting(), 7_777));
    }

    @Test
    void aDirectBufferIsHashedWithoutMovingItsPosition() {
        ByteBuffer direct = ByteBuffer.allocateDirect(300_000).position(1_000);
        direct.put(counting()).flip().position(1_000);
        ContentIds.Hasher hasher = ContentIds.hasher();
        hasher.update(direct);
        assertEquals(1_000, direct.position());
        ByteBuffer sliced = ByteBuffer.wrap(new byte[300_000], 10, 256_000).slice().put(counting()).flip();
        ContentIds.Hasher heap = ContentIds.hasher();
        heap.update(sliced);
        assertEquals(0, sliced.position());
        assertTrue(hasher.matches(COUNTING));
        assertTrue(heap.matches(COUNTING));
    }

    @Test
    void aHasherStartsOverAfterFinishing() {
        ContentIds.Hasher hasher = ContentIds.hasher();
        hasher.update(new byte[] {1, 2, 3}, 0, 3);
        hasher.finish();
        hasher.update("hello".getBytes(StandardCharsets.US_ASCII), 0, 5);
        assertTrue(hasher.matches(HELLO));
        assertTrue(hasher.matches(EMPTY));
    }

    @Test
    void fileIdsAreValidatedByShape() {
        assertTrue(FileIds.isContentId(HELLO));
        assertTrue(FileIds.isValid("a".repeat(44)));
        assertTrue(FileIds.isValid("-_09azAZ".repeat(5) + "abcd"));
        assertTrue(FileIds.isCompatId("1"));
        assertTrue(FileIds.isValid("9".repeat(16)));
        assertFalse(FileIds.isValid("9".repeat(17)));
        assertFalse(FileIds.isValid(""));
        assertFalse(FileIds.isValid("abc"));
        assertFalse(FileIds.isValid("a".repeat(43) + "é"));
        assertFalse(FileIds.isContentId("12345"));
        assertFalse(FileIds.isContentId(HELLO.substring(1) + "+"));
        assertFalse(FileIds.isCompatId(HELLO));
        assertEquals(ErrorCode.BAD_REQUEST,
                assertThrows(QuicFilesException.class, () -> FileIds.requireValid("not/an/id")).code());
    }
}

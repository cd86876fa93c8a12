package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.digests.Blake2bDigest;
import org.junit.jupiter.api.Test;

/** Our BLAKE2b against RFC 7693's example and against BouncyCastle's, written by other people. */
class Blake2bTest {
    @Test
    void rfc7693AppendixA() {
        Blake2b blake = new Blake2b(new byte[0], 64);
        blake.update("abc".getBytes(StandardCharsets.US_ASCII), 0, 3);
        byte[] digest = new byte[64];
        blake.finish(digest, 0);
        assertEquals("ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
                + "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923", HexFormat.of().formatHex(digest));
    }

    @Property(tries = 2000, seed = "20261206")
    void agreesWithBouncyCastle(@ForAll @Size(max = 700) List<Byte> content, @ForAll @IntRange(max = 64) int keyLength,
                                @ForAll @IntRange(min = 1, max = 64) int digestBytes,
                                @ForAll @IntRange(min = 1, max = 300) int piece, @ForAll boolean direct) {
        byte[] bytes = new byte[content.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = content.get(i);
        }
        byte[] key = new byte[keyLength];
        new Random(keyLength).nextBytes(key);
        assertArrayEquals(oracle(key, digestBytes, bytes), ours(key, digestBytes, bytes, piece, direct));
    }

    @Test
    void agreesWithBouncyCastleOverManyBlocksAndRestarts() {
        Random random = new Random(20261206);
        byte[] content = new byte[1_000_003];
        random.nextBytes(content);
        byte[] key = "SessionFileSvr\0\0".getBytes(StandardCharsets.US_ASCII);
        for (int piece : new int[] {1, 127, 128, 129, 65_536, content.length}) {
            assertArrayEquals(oracle(key, 33, content), ours(key, 33, content, piece, false), "piece " + piece);
            assertArrayEquals(oracle(key, 33, content), ours(key, 33, content, piece, true), "direct piece " + piece);
        }
        Blake2b reused = new Blake2b(key, 33);
        byte[] first = new byte[33];
        byte[] second = new byte[33];
        reused.update(content, 0, 5_000);
        reused.finish(first, 0);
        reused.update(content, 0, 5_000);
        reused.finish(second, 0);
        assertArrayEquals(first, second, "finish starts over");
    }

    @Test
    void refusesWhatBlake2bCannotDo() {
        assertThrows(IllegalArgumentException.class, () -> new Blake2b(new byte[65], 32));
        assertThrows(IllegalArgumentException.class, () -> new Blake2b(new byte[0], 0));
        assertThrows(IllegalArgumentException.class, () -> new Blake2b(new byte[0], 65));
    }

    private static byte[] ours(byte[] key, int digestBytes, byte[] content, int piece, boolean direct) {
        Blake2b blake = new Blake2b(key, digestBytes);
        for (int offset = 0; offset < content.length; offset += piece) {
            int n = Math.min(piece, content.length - offset);
            if (direct) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(n + 3).position(3);
                buffer.put(content, offset, n).flip().position(3);
                blake.update(buffer);
                assertEquals(3, buffer.position());
            } else {
                blake.update(ByteBuffer.wrap(content, offset, n));
            }
        }
        byte[] digest = new byte[digestBytes];
        blake.finish(digest, 0);
        return digest;
    }

    private static byte[] oracle(byte[] key, int digestBytes, byte[] content) {
        Blake2bDigest digest = new Blake2bDigest(key.length == 0 ? null : key, digestBytes, null, null);
        digest.update(content, 0, content.length);
        byte[] out = new byte[digestBytes];
        digest.doFinal(out, 0);
        return out;
    }
}

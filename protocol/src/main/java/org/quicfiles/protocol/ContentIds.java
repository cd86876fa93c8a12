package org.quicfiles.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Content ids (protocol.md 3.2): keyed BLAKE2b over the whole file, 33-byte output, key
 * {@code SessionFileSvr\0\0}, in URL-safe base64 without padding (always
 * {@value FileIds#CONTENT_ID_LENGTH} characters). The one implementation used by the files plugin
 * (while an upload streams in), the client (to verify a download) and the tests.
 */
public final class ContentIds {
    /** Digest length in bytes; 33 bytes encode to exactly 44 base64 characters without padding. */
    public static final int DIGEST_BYTES = 33;

    private static final byte[] KEY = "SessionFileSvr\0\0".getBytes(StandardCharsets.US_ASCII);

    private ContentIds() {
    }

    /** The content id of {@code content}. */
    public static String of(byte[] content) {
        Hasher hasher = hasher();
        hasher.update(content, 0, content.length);
        return hasher.finish();
    }

    /** A hasher for content that arrives in pieces. */
    public static Hasher hasher() {
        return new Hasher();
    }

    /** Computes one content id from content fed in pieces. Not thread-safe; one per file. */
    public static final class Hasher {
        private final Blake2b digest = new Blake2b(KEY, DIGEST_BYTES);

        private Hasher() {
        }

        /** Adds {@code length} bytes of {@code bytes} from {@code offset}. */
        public void update(byte[] bytes, int offset, int length) {
            digest.update(bytes, offset, length);
        }

        /** Adds the bytes between {@code bytes}' position and limit, without moving its position. */
        public void update(ByteBuffer bytes) {
            digest.update(bytes);
        }

        /** The id of the content added so far; the hasher starts over afterwards. */
        public String finish() {
            byte[] out = new byte[DIGEST_BYTES];
            digest.finish(out, 0);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        }

        /** Whether the content added so far has id {@code id}; the hasher starts over afterwards. */
        public boolean matches(String id) {
            return finish().equals(id);
        }
    }
}

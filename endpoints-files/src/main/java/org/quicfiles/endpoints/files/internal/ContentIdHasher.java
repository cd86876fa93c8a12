package org.quicfiles.endpoints.files.internal;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Computes a content id while an upload streams through: keyed BLAKE2b with a 33-byte output, key
 * {@code SessionFileSvr\0\0}, encoded as URL-safe base64 without padding (44 characters). Not
 * thread-safe; one per upload.
 */
final class ContentIdHasher {
    /** Output length in bytes; 33 bytes encode to exactly 44 base64 characters without padding. */
    static final int DIGEST_BYTES = 33;

    private static final byte[] KEY = "SessionFileSvr\0\0".getBytes(StandardCharsets.US_ASCII);

    private final Blake2bDigest digest = new Blake2bDigest(KEY, DIGEST_BYTES, null, null);

    /** Adds {@code length} bytes of content. */
    void update(byte[] bytes, int offset, int length) {
        digest.update(bytes, offset, length);
    }

    /** The id of the content added so far; the hasher is reset afterwards. */
    String finish() {
        byte[] out = new byte[DIGEST_BYTES];
        digest.doFinal(out, 0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }
}

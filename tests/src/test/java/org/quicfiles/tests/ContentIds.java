package org.quicfiles.tests;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * Content ids computed independently of the server (BouncyCastle's BLAKE2b): 33-byte digest keyed
 * with {@code SessionFileSvr\0\0}, URL-safe base64 without padding (protocol.md §3.2).
 */
final class ContentIds {
    private static final byte[] KEY = "SessionFileSvr\0\0".getBytes(StandardCharsets.US_ASCII);

    private ContentIds() {
    }

    static String of(byte[] content) {
        Blake2bDigest digest = new Blake2bDigest(KEY, 33, null, null);
        digest.update(content, 0, content.length);
        byte[] out = new byte[33];
        digest.doFinal(out, 0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }
}

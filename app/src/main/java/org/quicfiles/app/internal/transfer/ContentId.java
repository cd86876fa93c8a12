package org.quicfiles.app.internal.transfer;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.digests.Blake2bDigest;

/**
 * A file's content id: BLAKE2b with a 33-byte output keyed with {@code SessionFileSvr\0\0}, over the
 * whole content, in URL-safe base64 without padding (always 44 characters). Feed the content with
 * {@link #update(ByteBuffer)}, then compare with {@link #matches(String)}.
 */
public final class ContentId {
    private static final byte[] KEY = "SessionFileSvr\0\0".getBytes(StandardCharsets.US_ASCII);
    private static final int LENGTH = 33;
    private static final Pattern CONTENT_ID = Pattern.compile("[A-Za-z0-9_-]{44}");

    private final Blake2bDigest digest = new Blake2bDigest(KEY, LENGTH, null, null);

    /** Whether {@code id} has the form of a content id (not a decimal compatibility id). */
    public static boolean isContentId(String id) {
        return CONTENT_ID.matcher(id).matches();
    }

    /** Adds the bytes between {@code bytes}' position and limit, without moving its position. */
    public void update(ByteBuffer bytes) {
        ByteBuffer view = bytes.duplicate();
        if (view.hasArray()) {
            digest.update(view.array(), view.arrayOffset() + view.position(), view.remaining());
        } else {
            byte[] chunk = new byte[view.remaining()];
            view.get(chunk);
            digest.update(chunk, 0, chunk.length);
        }
    }

    /** The id of the content fed so far; ends this digest. */
    public String finish() {
        byte[] out = new byte[LENGTH];
        digest.doFinal(out, 0);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    /** Whether the content fed so far has id {@code id}; ends this digest. */
    public boolean matches(String id) {
        return finish().equals(id);
    }
}

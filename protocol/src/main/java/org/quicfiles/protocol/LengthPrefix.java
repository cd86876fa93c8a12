package org.quicfiles.protocol;

import java.nio.charset.StandardCharsets;

/** Writes the {@code <len>:} prefix. */
final class LengthPrefix {
    private LengthPrefix() {
    }

    static byte[] prepend(byte[] payload) {
        byte[] prefix = (payload.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + payload.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(payload, 0, out, prefix.length, payload.length);
        return out;
    }
}

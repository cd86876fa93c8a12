package org.quicfiles.client;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A server's Ed25519 public key, the identity the client pins: exactly 32 bytes, checked when the
 * value is made. Immutable; equal when the bytes are.
 */
public final class ServerKey {
    /** The length of an Ed25519 public key. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private ServerKey(byte[] bytes) {
        this.bytes = bytes;
    }

    /**
     * The key of these bytes (copied).
     *
     * @throws IllegalArgumentException unless {@code bytes} holds exactly 32 bytes
     */
    public static ServerKey of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a server key is a 32-byte Ed25519 public key, not "
                    + bytes.length + " bytes");
        }
        return new ServerKey(bytes.clone());
    }

    /**
     * The key written as 64 hex digits, as the server's ready line prints it (surrounding blanks ignored).
     *
     * @throws IllegalArgumentException unless {@code hex} is exactly 64 hex digits
     */
    public static ServerKey fromHex(String hex) {
        String digits = Objects.requireNonNull(hex, "hex").strip();
        if (!digits.matches("[0-9a-fA-F]{" + 2 * LENGTH + "}")) {
            throw new IllegalArgumentException("a server key is 64 hex digits (a 32-byte Ed25519 public key)");
        }
        return new ServerKey(HexFormat.of().parseHex(digits));
    }

    /** A copy of the 32 bytes. */
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The 64 lower-case hex digits. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerKey key && Arrays.equals(bytes, key.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "ServerKey[" + hex() + "]";
    }
}

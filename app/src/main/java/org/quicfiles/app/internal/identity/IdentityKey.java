package org.quicfiles.app.internal.identity;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * An Ed25519 identity: the JDK key pair plus the raw 32-byte seed and public key.
 *
 * @param keyPair the JDK key pair, as the transport needs it
 * @param seed the 32-byte private seed
 * @param publicKey the 32-byte raw public key
 */
public record IdentityKey(KeyPair keyPair, byte[] seed, byte[] publicKey) {
    /** The length of the seed and of the public key. */
    public static final int KEY_LENGTH = 32;
    /** The length of an X.509 SubjectPublicKeyInfo prefix of an Ed25519 key. */
    private static final int SPKI_PREFIX = 12;

    /** Copies the arrays. */
    public IdentityKey {
        seed = seed.clone();
        publicKey = publicKey.clone();
    }

    /** The key pair whose private key is {@code seed}. */
    public static IdentityKey fromSeed(byte[] seed) {
        if (seed.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 seed has 32 bytes, not " + seed.length);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new SeedRandom(seed));
            KeyPair pair = generator.generateKeyPair();
            byte[] encoded = pair.getPublic().getEncoded();
            byte[] raw = Arrays.copyOfRange(encoded, SPKI_PREFIX, encoded.length);
            if (raw.length != KEY_LENGTH) {
                throw new IllegalStateException("unexpected Ed25519 public key encoding");
            }
            return new IdentityKey(pair, seed, raw);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK has no Ed25519", e);
        }
    }

    /** The seed and public key, 64 bytes in libsodium's layout. */
    public byte[] libsodiumBytes() {
        byte[] bytes = Arrays.copyOf(seed, 2 * KEY_LENGTH);
        System.arraycopy(publicKey, 0, bytes, KEY_LENGTH, KEY_LENGTH);
        return bytes;
    }

    /** The public key in lower-case hex. */
    public String publicKeyHex() {
        return HexFormat.of().formatHex(publicKey);
    }

    @Override
    public String toString() {
        return "IdentityKey[" + publicKeyHex() + "]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityKey key && Arrays.equals(seed, key.seed)
                && Arrays.equals(publicKey, key.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }
}

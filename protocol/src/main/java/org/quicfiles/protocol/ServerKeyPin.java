package org.quicfiles.protocol;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Pins a server to its 32-byte Ed25519 identity key. The server presents an ECDSA (or any) leaf
 * certificate signed by the identity key, followed by the identity's self-signed Ed25519
 * certificate; a client accepts the chain only if it ends in the expected key and the leaf's
 * signature verifies under that key.
 */
public final class ServerKeyPin {
    /** The length of a raw Ed25519 public key. */
    public static final int KEY_LENGTH = 32;

    /** DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410), followed by the 32 raw key bytes. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");

    private final byte[] expectedKey;

    /** @param expectedKey the 32-byte Ed25519 public key to pin (copied) */
    public ServerKeyPin(byte[] expectedKey) {
        if (expectedKey.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes, not " + expectedKey.length);
        }
        this.expectedKey = expectedKey.clone();
    }

    /**
     * Checks a server's certificate chain (leaf first).
     *
     * @throws CertificateException if the chain does not end in the pinned key or the leaf is not
     *         signed by it
     */
    public void verify(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length < 2) {
            throw new CertificateException("expected the leaf and the Ed25519 identity certificate");
        }
        PublicKey identity = chain[chain.length - 1].getPublicKey();
        byte[] raw = rawEd25519(identity);
        if (!MessageDigest.isEqual(raw, expectedKey)) {
            throw new CertificateException("the server's key " + HexFormat.of().formatHex(raw)
                    + " does not match the pinned key " + HexFormat.of().formatHex(expectedKey));
        }
        try {
            chain[0].verify(identity);
            chain[0].checkValidity();
        } catch (GeneralSecurityException e) {
            throw new CertificateException("leaf certificate is not valid under the identity key", e);
        }
    }

    /**
     * The 32 raw bytes of an Ed25519 public key.
     *
     * @throws CertificateException if {@code key} is not an Ed25519 key
     */
    public static byte[] rawEd25519(PublicKey key) throws CertificateException {
        byte[] encoded = key.getEncoded();
        if (encoded == null || encoded.length != ED25519_SPKI_PREFIX.length + KEY_LENGTH
                || !Arrays.equals(encoded, 0, ED25519_SPKI_PREFIX.length, ED25519_SPKI_PREFIX, 0, ED25519_SPKI_PREFIX.length)) {
            throw new CertificateException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(encoded, ED25519_SPKI_PREFIX.length, encoded.length);
    }

    /** The JDK public key for 32 raw Ed25519 bytes. */
    public static PublicKey ed25519PublicKey(byte[] raw) throws GeneralSecurityException {
        if (raw.length != KEY_LENGTH) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        byte[] encoded = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + KEY_LENGTH);
        System.arraycopy(raw, 0, encoded, ED25519_SPKI_PREFIX.length, KEY_LENGTH);
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
    }
}

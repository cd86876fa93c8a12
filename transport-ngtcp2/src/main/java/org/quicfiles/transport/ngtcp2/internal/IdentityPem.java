package org.quicfiles.transport.ngtcp2.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's Ed25519 identity in the PEM forms GnuTLS imports: the raw public key (an RFC 7250
 * SubjectPublicKeyInfo) and its PKCS#8 private key, as libquic builds them; and, for clients that
 * do not offer raw public keys, the same X.509 chain the Netty transport presents (a fresh ECDSA
 * P-256 leaf signed by the identity, then the identity's self-signed certificate) with the leaf's
 * key in SEC 1 form, public point included (GnuTLS refuses the JDK's PKCS#8 EC key without it).
 */
record IdentityPem(String publicKey, String privateKey, String chain, String leafKey) {
    private static final byte[] ED25519_PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    private static final X500Name IDENTITY_NAME = new X500Name("CN=quicfiles identity");
    private static final X500Name LEAF_NAME = new X500Name("CN=localhost");
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration LIFETIME = Duration.ofDays(3650);

    /** An Ed25519 key pair as libquic hands it to GnuTLS: SPKI public key, PKCS#8 private key (PEM). */
    record RawKey(String publicKey, String privateKey) {
    }

    /** The raw-public-key forms of an Ed25519 key pair (a server's identity, or a client's key). */
    static RawKey rawKey(KeyPair key) throws IOException {
        try {
            byte[] seed = ((EdECPrivateKey) key.getPrivate()).getBytes()
                    .orElseThrow(() -> new IOException("the Ed25519 private key cannot be exported"));
            byte[] pkcs8 = new byte[ED25519_PKCS8_PREFIX.length + seed.length];
            System.arraycopy(ED25519_PKCS8_PREFIX, 0, pkcs8, 0, ED25519_PKCS8_PREFIX.length);
            System.arraycopy(seed, 0, pkcs8, ED25519_PKCS8_PREFIX.length, seed.length);
            // the JDK's X.509 encoding of an Ed25519 public key is the SPKI: 12-byte prefix, 32 key bytes
            return new RawKey(pem("PUBLIC KEY", key.getPublic().getEncoded()), pem("PRIVATE KEY", pkcs8));
        } catch (ClassCastException e) {
            throw new IOException("not an Ed25519 key pair: " + e.getMessage(), e);
        }
    }

    static IdentityPem of(KeyPair identity) throws IOException {
        RawKey raw = rawKey(identity);
        try {
            Instant now = Instant.now();
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair leaf = ec.generateKeyPair();
            byte[] identityCert = certificate(IDENTITY_NAME, identity, identity, now);
            byte[] leafCert = certificate(LEAF_NAME, identity, leaf, now);
            return new IdentityPem(raw.publicKey(), raw.privateKey(),
                    pem("CERTIFICATE", leafCert) + pem("CERTIFICATE", identityCert),
                    pem("EC PRIVATE KEY", sec1(leaf)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot build the TLS credentials from the identity key: " + e.getMessage(), e);
        }
    }

    private static byte[] certificate(X500Name subject, KeyPair issuer, KeyPair subjectKeys, Instant now)
            throws OperatorCreationException, IOException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(IDENTITY_NAME,
                new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(LIFETIME)), subject, subjectKeys.getPublic());
        if (subject == LEAF_NAME) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        }
        X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("Ed25519").build(issuer.getPrivate()));
        return holder.getEncoded();
    }

    private static byte[] sec1(KeyPair leaf) throws IOException {
        ECPrivateKey key = (ECPrivateKey) leaf.getPrivate();
        ECPublicKey pub = (ECPublicKey) leaf.getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        copyUnsigned(pub.getW().getAffineX(), point, 1);
        copyUnsigned(pub.getW().getAffineY(), point, 33);
        return new org.bouncycastle.asn1.sec.ECPrivateKey(256, key.getS(), new DERBitString(point),
                SECObjectIdentifiers.secp256r1).getEncoded();
    }

    private static void copyUnsigned(BigInteger value, byte[] into, int offset) {
        byte[] bytes = value.toByteArray();
        int length = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - length, into, offset + 32 - length, length);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    static byte[] bytes(String pem) {
        return pem.getBytes(StandardCharsets.US_ASCII);
    }
}

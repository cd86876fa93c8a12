package org.quicfiles.transport.quic.internal;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import javax.net.ssl.KeyManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The server's TLS credentials, derived from its Ed25519 identity at start-up: a self-signed
 * Ed25519 certificate of the identity, and a fresh ECDSA P-256 leaf certificate issued and signed by
 * the identity key (Netty QUIC 4.2.18 cannot serve an Ed25519 leaf). Clients pin the identity key
 * (see {@link org.quicfiles.protocol.ServerKeyPin}).
 */
final class IdentityCertificates {
    private static final X500Name IDENTITY_NAME = new X500Name("CN=quicfiles identity");
    private static final X500Name LEAF_NAME = new X500Name("CN=localhost");
    private static final Duration BACKDATE = Duration.ofDays(1);
    private static final Duration LIFETIME = Duration.ofDays(3650);
    private static final char[] STORE_PASSWORD = "quicfiles".toCharArray();

    private IdentityCertificates() {
    }

    /**
     * A key manager presenting {@code [leaf, identity]}.
     *
     * @param identity the Ed25519 identity key pair
     */
    static KeyManagerFactory keyManagerFactory(KeyPair identity) throws IOException {
        try {
            Instant now = Instant.now();
            X509Certificate identityCert = certificate(IDENTITY_NAME, IDENTITY_NAME, identity, identity, now);
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair leaf = ec.generateKeyPair();
            X509Certificate leafCert = certificate(IDENTITY_NAME, LEAF_NAME, identity, leaf, now);

            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("quicfiles", leaf.getPrivate(), STORE_PASSWORD, new Certificate[] {leafCert, identityCert});
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, STORE_PASSWORD);
            return factory;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException("cannot build the TLS certificates from the identity key: " + e.getMessage(), e);
        }
    }

    /** The identity's self-signed Ed25519 certificate alone (for experiments with Ed25519 leaves). */
    static X509Certificate selfSigned(KeyPair identity) throws IOException {
        try {
            return certificate(IDENTITY_NAME, IDENTITY_NAME, identity, identity, Instant.now());
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private static X509Certificate certificate(X500Name issuer, X500Name subject, KeyPair issuerKeys,
                                               KeyPair subjectKeys, Instant now)
            throws GeneralSecurityException, OperatorCreationException, IOException {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                new BigInteger(64, new SecureRandom()).add(BigInteger.ONE),
                Date.from(now.minus(BACKDATE)), Date.from(now.plus(LIFETIME)), subject, subjectKeys.getPublic());
        if (subject == LEAF_NAME) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        }
        ContentSigner signer = new JcaContentSignerBuilder("Ed25519").build(issuerKeys.getPrivate());
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }
}

package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.handler.codec.quic.BoringSSLAsyncPrivateKeyMethod;
import io.netty.handler.codec.quic.BoringSSLKeylessManagerFactory;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.Test;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.QuicFilesClient;

/**
 * Experiment (decision 0101): can Netty QUIC serve the Ed25519 identity certificate itself as the
 * leaf when the handshake signature is made in Java through {@link BoringSSLKeylessManagerFactory}?
 * Finding with Netty 4.2.18: no — the server fails in BoringSSL's certificate callback
 * ({@code CERT_CB_ERROR}) before any signature is asked for, exactly as with the default key
 * manager. This test pins that finding so that a Netty upgrade that fixes it is noticed.
 */
class KeylessEd25519ExperimentTest {
    @Test
    void anEd25519LeafIsStillRefusedWhenJavaSigns() throws Exception {
        KeyPair identity = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        BoringSSLAsyncPrivateKeyMethod signer = new BoringSSLAsyncPrivateKeyMethod() {
            @Override
            public Future<byte[]> sign(SSLEngine engine, int algorithm, byte[] input) {
                try {
                    if (algorithm != SSL_SIGN_ED25519) {
                        throw new IllegalArgumentException("asked for signature algorithm " + algorithm);
                    }
                    Signature ed25519 = Signature.getInstance("Ed25519");
                    ed25519.initSign(identity.getPrivate());
                    ed25519.update(input);
                    return ImmediateEventExecutor.INSTANCE.newSucceededFuture(ed25519.sign());
                } catch (Exception e) {
                    return ImmediateEventExecutor.INSTANCE.newFailedFuture(e);
                }
            }

            @Override
            public Future<byte[]> decrypt(SSLEngine engine, byte[] input) {
                return ImmediateEventExecutor.INSTANCE.newFailedFuture(new UnsupportedOperationException());
            }
        };
        BoringSSLKeylessManagerFactory keys = BoringSSLKeylessManagerFactory.newKeyless(signer,
                IdentityCertificates.selfSigned(identity));
        try (CountingQuicServer server = new CountingQuicServer(keys, DatagramIo.NIO)) {
            assertThrows(IOException.class, () -> QuicFilesClient.connect(ClientOptions.unpinned(server.address(), Duration.ofSeconds(10))).close());
        }
    }
}

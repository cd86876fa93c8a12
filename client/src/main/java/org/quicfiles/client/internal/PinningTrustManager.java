package org.quicfiles.client.internal;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.net.Socket;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.quicfiles.protocol.ServerKeyPin;

/**
 * Accepts a server whose chain ends in the pinned Ed25519 key and whose leaf that key signed; with
 * no key, accepts any server (insecure mode).
 */
public final class PinningTrustManager extends X509ExtendedTrustManager {
    private final Optional<ServerKeyPin> pin;
    private final java.util.concurrent.atomic.AtomicReference<CertificateException> refusal =
            new java.util.concurrent.atomic.AtomicReference<>();

    /** @param serverKey the 32-byte key to pin, or empty for no pinning */
    public PinningTrustManager(Optional<byte[]> serverKey) {
        this.pin = serverKey.map(ServerKeyPin::new);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (pin.isPresent()) {
            try {
                pin.get().verify(chain);
            } catch (CertificateException e) {
                refusal.set(e);
                throw e;
            }
        }
    }

    /**
     * Why the server was refused, if it was: the TLS stack reports only
     * {@code CERTIFICATE_VERIFY_FAILED}, which hides which key the server had.
     */
    public Optional<CertificateException> refusal() {
        return Optional.ofNullable(refusal.get());
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this client does not accept client certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}

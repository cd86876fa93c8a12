/**
 * A second QUIC transport of quicfiles, on ngtcp2 + GnuTLS called through the FFM API: it presents
 * the Ed25519 identity as an RFC 7250 raw public key and accepts TLS 1.3 compatibility-mode
 * ClientHellos, so that Session's libquic clients connect (the Netty/BoringSSL transport cannot
 * serve them). Exports nothing; the server finds it as the
 * {@link org.quicfiles.api.spi.TransportProvider} named {@code ngtcp2}.
 */
@SuppressWarnings("module") // the name keeps the library's, digits and all
module org.quicfiles.transport.ngtcp2 {
    requires org.quicfiles.api;
    requires org.quicfiles.protocol;
    requires org.quicfiles.bridge;
    requires org.bouncycastle.pkix;
    requires org.bouncycastle.provider;

    provides org.quicfiles.api.spi.TransportProvider with org.quicfiles.transport.ngtcp2.internal.Ngtcp2TransportProvider;
}

package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.protocol.Wire;

/**
 * TLS below 1.3 and a missing or wrong ALPN are refused at the first flight. Netty's QUIC client
 * always offers TLS 1.3 (it has no protocol-version option), so these tests send a hand-made Initial
 * packet ({@link RawInitial}) with the ClientHello they need; a TLS 1.3 hello with ALPN
 * {@code quic-files} built the same way is answered with a ServerHello, which shows the refusals are
 * about the version and the ALPN, not a malformed packet.
 *
 * <p>Measured with Netty QUIC 4.2.18: a TLS 1.2-only hello gets CONNECTION_CLOSE 0x146 (crypto error,
 * TLS alert 70 protocol_version); a hello without ALPN or with another ALPN gets no answer at all
 * (the server drops the connection attempt, so the client times out). Both are refusals; neither
 * ever yields a ServerHello.
 */
class TlsVersionAndAlpnTest {
    private static final int TIMEOUT_MILLIS = 3_000;
    /** TLS alert no_application_protocol (120) as a QUIC crypto error. */
    private static final long NO_APPLICATION_PROTOCOL = 0x100 + 120;
    /** TLS alert protocol_version (70) as a QUIC crypto error. */
    private static final long HANDSHAKE_FAILURE = 0x100 + 40;
    private static final long PROTOCOL_VERSION = 0x100 + 70;
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertRefusedWithACryptoError(Optional<RawInitial.Answer> answer, String what) {
        assertTrue(answer.isPresent(), what + ": the server answers with a CONNECTION_CLOSE, not silence");
        assertFalse(answer.get().serverHello(), what + ": no ServerHello");
        long code = answer.get().closeErrorCode().orElseThrow(() -> new AssertionError(what + ": no CONNECTION_CLOSE"));
        System.out.printf("%s: CONNECTION_CLOSE 0x%x (TLS alert %d)%n", what, code, code - 0x100);
        assertTrue(code >= 0x100 && code <= 0x1ff, what + ": a crypto error, not 0x" + Long.toHexString(code));
    }

    @Test
    void aTls13HelloWithTheRightAlpnIsAnsweredWithAServerHello() throws Exception {
        Optional<RawInitial.Answer> answer = RawInitial.exchange(server.address(), true, Wire.ALPN, TIMEOUT_MILLIS);
        assertTrue(answer.isPresent() && answer.get().serverHello(), "control case: " + answer);
    }

    /**
     * libquic's ClientHello (TLS 1.3 compatibility mode: a 32-byte legacy_session_id) gets a
     * ServerHello only from the ngtcp2 transport: BoringSSL refuses it (RFC 9001 section 8.4 allows
     * that), which is why Session's clients cannot reach the Netty transport (docs/interop.md).
     */
    @Test
    void aCompatibilityModeHelloAsLibquicSendsItIsAnsweredByNgtcp2Only() throws Exception {
        Optional<RawInitial.Answer> answer = RawInitial.exchangeInCompatibilityMode(server.address(), Wire.ALPN, TIMEOUT_MILLIS);
        if (TestServer.transportName().equals("quic")) {
            assertTrue(answer.isEmpty() || !answer.get().serverHello(), "the Netty transport answered " + answer);
        } else {
            assertTrue(answer.isPresent() && answer.get().serverHello(), "the ngtcp2 transport answered " + answer);
        }
    }

    @Test
    void aTls12OnlyHelloIsRefused() throws Exception {
        Optional<RawInitial.Answer> answer = RawInitial.exchange(server.address(), false, Wire.ALPN, TIMEOUT_MILLIS);
        assertRefusedWithACryptoError(answer, "TLS 1.2-only ClientHello");
        // BoringSSL answers protocol_version (70); GnuTLS 3.7.9 (the ngtcp2 transport) handshake_failure (40)
        assertEquals(TestServer.transportName().equals("quic") ? PROTOCOL_VERSION : HANDSHAKE_FAILURE,
                answer.get().closeErrorCode().orElseThrow());
    }

    /**
     * Refused by CONNECTION_CLOSE no_application_protocol (RFC 9001 section 8.1), never a ServerHello;
     * the Netty transport may instead stay silent, as its API cannot send that close (note 0409).
     */
    private static void assertNoHandshake(Optional<RawInitial.Answer> answer, String what) {
        if (answer.isEmpty() && TestServer.transportName().equals("quic")) {
            System.out.printf("%s: no answer (the server drops the attempt)%n", what);
            return;
        }
        assertRefusedWithACryptoError(answer, what);
        assertEquals(NO_APPLICATION_PROTOCOL, answer.get().closeErrorCode().orElseThrow(), what);
    }

    @Test
    void aHelloWithoutAlpnIsRefused() throws Exception {
        assertNoHandshake(RawInitial.exchange(server.address(), true, null, TIMEOUT_MILLIS),
                "TLS 1.3 ClientHello without ALPN");
    }

    @Test
    void aHelloWithAnotherAlpnIsRefused() throws Exception {
        assertNoHandshake(RawInitial.exchange(server.address(), true, "h3", TIMEOUT_MILLIS),
                "TLS 1.3 ClientHello with ALPN h3");
    }

    @Test
    void aNettyClientNegotiatesTls13() throws Exception {
        try (RawPeer peer = RawPeer.connect(server.address())) {
            assertEquals("TLSv1.3", peer.connection.sslEngine().getSession().getProtocol());
            assertEquals(Wire.ALPN, peer.connection.sslEngine().getApplicationProtocol());
        }
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandles;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import org.quicfiles.protocol.Wire;
import org.quicfiles.transport.ngtcp2.internal.ffi.Abi;
import org.quicfiles.transport.ngtcp2.internal.ffi.GnuTls;
import org.quicfiles.transport.ngtcp2.internal.ffi.NativeLibs;
import org.quicfiles.transport.ngtcp2.internal.ffi.Ngtcp2;

/**
 * The server's GnuTLS side: one certificate credential holding both the raw Ed25519 key and the
 * X.509 chain, and the per-connection session set up as libquic's server sets up its own.
 *
 * <p>The priority string keeps libquic's (compatibility mode stays allowed) but lists only raw
 * public keys as server certificate types: a libquic client offers {@code [X509, RawPublicKey]}
 * and GnuTLS 3.7.9 follows the client's order, so with X.509 allowed it would send the chain that
 * libquic refuses. A client that sends no certificate-type extension (BoringSSL, quiche, kwik)
 * still gets the X.509 chain, the RFC 7250 default. TLS 1.3 only, as QUIC requires.
 *
 * <p>Session tickets are sent once the handshake completes, encrypted under a random key of this
 * process (a restart makes old tickets worthless: such clients simply do a full handshake). With
 * 0-RTT on, a resumed client may send its first requests as early data: GnuTLS accepts them only
 * within its anti-replay window, and only once per ClientHello, checked against {@link #seen}.
 */
final class ServerTls implements AutoCloseable {
    static final String PRIORITY = "NORMAL:+ECDHE-PSK:+PSK:+ECDHE-ECDSA:+AES-128-CCM-8:+CTYPE-CLI-ALL"
            + ":-CTYPE-SRV-ALL:+CTYPE-SRV-RAWPK:+SHA256:-VERS-ALL:+VERS-TLS1.3";

    /** The ClientHello hook that refuses a hello without ALPN (RFC 9001 §8.1: no_application_protocol). */
    private static final MemorySegment REQUIRE_ALPN = requireAlpnHook();

    /** Early-data ClientHellos remembered for replay checks at most; beyond it early data is refused. */
    static final int MAX_REMEMBERED_HELLOS = 100_000;
    /** What QUIC requires a server to put in a ticket's early_data extension (RFC 9001 §4.6.1). */
    private static final long QUIC_MAX_EARLY_DATA = 0xffffffffL;

    private final Arena arena;
    private final MemorySegment credentials;
    private final MemorySegment priority;
    private final MemorySegment alpn;
    private final MemorySegment ticketKey;
    private final boolean zeroRtt;
    private MemorySegment antiReplay = MemorySegment.NULL;
    /** Anti-replay keys of early-data ClientHellos, with when GnuTLS says they expire (epoch seconds). */
    private final Map<String, Long> seen = new HashMap<>();
    private final AtomicLong replaysRefused = new AtomicLong();
    /** When {@link #seen} was last pruned of expired keys (epoch seconds; guarded by it). */
    private long lastPrune;

    private ServerTls(Arena arena, MemorySegment credentials, MemorySegment priority, MemorySegment alpn,
                      MemorySegment ticketKey, boolean zeroRtt) {
        this.arena = arena;
        this.credentials = credentials;
        this.priority = priority;
        this.alpn = alpn;
        this.ticketKey = ticketKey;
        this.zeroRtt = zeroRtt;
    }

    /**
     * @param zeroRtt whether resumed clients may send early data ({@code transport.0rtt})
     */
    static ServerTls create(KeyPair identity, boolean zeroRtt) throws IOException {
        IdentityPem pem = IdentityPem.of(identity);
        Arena arena = Arena.ofShared();
        MemorySegment cred = null;
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment pcred = scratch.allocate(ADDRESS);
            GnuTls.check(GnuTls.certificateAllocateCredentials(pcred), "gnutls_certificate_allocate_credentials");
            cred = pcred.get(ADDRESS, 0);
            setRawKey(cred, new IdentityPem.RawKey(pem.publicKey(), pem.privateKey()), arena, scratch);
            GnuTls.check(GnuTls.certificateSetX509KeyMem2(cred, GnuTls.datum(scratch, IdentityPem.bytes(pem.chain())),
                    GnuTls.datum(scratch, IdentityPem.bytes(pem.leafKey())), Abi.GNUTLS_X509_FMT_PEM),
                    "gnutls_certificate_set_x509_key_mem2");
            byte[] key = new byte[Abi.GNUTLS_TICKET_KEY_SIZE];
            new SecureRandom().nextBytes(key);
            ServerTls tls = new ServerTls(arena, cred, arena.allocateFrom(PRIORITY),
                    GnuTls.datum(arena, Wire.ALPN.getBytes(StandardCharsets.US_ASCII)), GnuTls.datum(arena, key), zeroRtt);
            java.util.Arrays.fill(key, (byte) 0);
            cred = null; // the instance owns it now
            if (zeroRtt) {
                tls.startAntiReplay(scratch);
            }
            return tls;
        } catch (RuntimeException e) {
            if (cred != null) {
                GnuTls.certificateFreeCredentials(cred);
            }
            if (arena.scope().isAlive()) {
                arena.close();
            }
            throw new IOException("cannot set up GnuTLS credentials: " + e.getMessage(), e);
        }
    }

    private void startAntiReplay(Arena scratch) {
        try {
            MemorySegment p = scratch.allocate(ADDRESS);
            GnuTls.check(GnuTls.antiReplayInit(p), "gnutls_anti_replay_init");
            antiReplay = p.get(ADDRESS, 0);
            FunctionDescriptor add = FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS);
            GnuTls.antiReplaySetAddFunction(antiReplay, NativeLibs.upcall(MethodHandles.lookup(), this, "rememberHello",
                    add, arena));
        } catch (RuntimeException e) {
            close();
            throw new IllegalStateException("cannot set up 0-RTT anti-replay: " + e.getMessage(), e);
        }
    }

    /**
     * Upcall from GnuTLS for an early-data ClientHello inside its anti-replay window: 0 the first
     * time its key is seen, {@code GNUTLS_E_DB_ENTRY_EXISTS} (early data refused, the handshake goes
     * on in 1-RTT) for a replay, or when so many are remembered that a replay could not be told.
     */
    private int rememberHello(MemorySegment pointer, long expires, MemorySegment key, MemorySegment data) {
        try {
            MemorySegment datum = key.reinterpret(Abi.DATUM_SIZE);
            int size = datum.get(JAVA_INT, Abi.DATUM_SIZE_FIELD);
            String id = java.util.HexFormat.of().formatHex(datum.get(ADDRESS, Abi.DATUM_DATA).reinterpret(size)
                    .toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
            long now = System.currentTimeMillis() / 1000;
            synchronized (seen) {
                if (seen.size() >= MAX_REMEMBERED_HELLOS && now > lastPrune) {
                    // at most once a second: a full store must not cost a scan per ClientHello
                    lastPrune = now;
                    seen.values().removeIf(expiry -> expiry < now);
                }
                Long previous = seen.get(id);
                if ((previous != null && previous >= now) || seen.size() >= MAX_REMEMBERED_HELLOS) {
                    replaysRefused.incrementAndGet();
                    return Abi.GNUTLS_E_DB_ENTRY_EXISTS;
                }
                seen.put(id, expires);
                return 0;
            }
        } catch (Throwable e) {
            return Abi.GNUTLS_E_DB_ENTRY_EXISTS; // nothing may unwind into native code; refusing early data is safe
        }
    }

    /** Early-data ClientHellos refused as replays (or for want of room to remember them); any thread. */
    long replaysRefused() {
        return replaysRefused.get();
    }

    /** Sends the client one session ticket (after the handshake completed), so that it can resume. */
    void sendTicket(MemorySegment session) {
        GnuTls.check(GnuTls.sessionTicketSend(session, 1), "gnutls_session_ticket_send");
    }

    /**
     * Adds an Ed25519 key as an RFC 7250 raw public key to certificate credentials, as libquic does
     * on both sides: {@code gnutls_pcert_import_rawpk_raw}, {@code gnutls_privkey_import_x509_raw},
     * {@code gnutls_certificate_set_key}. The pcert struct lives in {@code owner} (as long as the
     * credentials); the pcert and the key then belong to the credentials and are freed with them.
     */
    static void setRawKey(MemorySegment credentials, IdentityPem.RawKey key, Arena owner, Arena scratch) {
        MemorySegment pcert = owner.allocate(Abi.PCERT_SIZE, 8);
        GnuTls.check(GnuTls.pcertImportRawpkRaw(pcert, GnuTls.datum(scratch, IdentityPem.bytes(key.publicKey())),
                Abi.GNUTLS_X509_FMT_PEM), "gnutls_pcert_import_rawpk_raw");
        MemorySegment pkey = scratch.allocate(ADDRESS);
        GnuTls.check(GnuTls.privkeyInit(pkey), "gnutls_privkey_init");
        MemorySegment privateKey = pkey.get(ADDRESS, 0);
        GnuTls.check(GnuTls.privkeyImportX509Raw(privateKey, GnuTls.datum(scratch, IdentityPem.bytes(key.privateKey())),
                Abi.GNUTLS_X509_FMT_PEM), "gnutls_privkey_import_x509_raw");
        GnuTls.check(GnuTls.certificateSetKey(credentials, pcert, 1, privateKey), "gnutls_certificate_set_key");
    }

    /**
     * A server session for one connection, configured for QUIC through ngtcp2's helper, with
     * {@code connRef} as its pointer (how the helper finds the connection).
     */
    MemorySegment newSession(MemorySegment connRef) {
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment psession = scratch.allocate(ADDRESS);
            int flags = Abi.GNUTLS_SERVER | Abi.GNUTLS_ENABLE_RAWPK | Abi.GNUTLS_NO_AUTO_SEND_TICKET;
            if (zeroRtt) {
                flags |= Abi.GNUTLS_ENABLE_EARLY_DATA | Abi.GNUTLS_NO_END_OF_EARLY_DATA;
            }
            GnuTls.check(GnuTls.init(psession, flags), "gnutls_init");
            MemorySegment session = psession.get(ADDRESS, 0);
            try {
                GnuTls.check(GnuTls.prioritySetDirect(session, priority), "gnutls_priority_set_direct");
                if (Ngtcp2.cryptoConfigureServerSession(session) != 0) {
                    throw new IllegalStateException("ngtcp2_crypto_gnutls_configure_server_session failed");
                }
                GnuTls.check(GnuTls.sessionTicketEnableServer(session, ticketKey), "gnutls_session_ticket_enable_server");
                if (zeroRtt) {
                    GnuTls.antiReplayEnable(session, antiReplay);
                    GnuTls.check(GnuTls.recordSetMaxEarlyDataSize(session, QUIC_MAX_EARLY_DATA),
                            "gnutls_record_set_max_early_data_size");
                }
                GnuTls.sessionSetPtr(session, connRef);
                GnuTls.check(GnuTls.credentialsSet(session, Abi.GNUTLS_CRD_CERTIFICATE, credentials), "gnutls_credentials_set");
                // a client key is asked for (libquic sends one) but not required (others have none)
                GnuTls.certificateServerSetRequest(session, Abi.GNUTLS_CERT_REQUEST);
                GnuTls.check(GnuTls.alpnSetProtocols(session, alpn, 1, Abi.GNUTLS_ALPN_MANDATORY), "gnutls_alpn_set_protocols");
                // MANDATORY refuses a client whose ALPN list lacks quic-files, not one that sends none
                GnuTls.handshakeSetHookFunction(session, Abi.GNUTLS_HANDSHAKE_CLIENT_HELLO, Abi.GNUTLS_HOOK_POST, REQUIRE_ALPN);
                return session;
            } catch (RuntimeException e) {
                GnuTls.deinit(session);
                throw e;
            }
        }
    }

    private static MemorySegment requireAlpnHook() {
        java.lang.foreign.FunctionDescriptor descriptor = java.lang.foreign.FunctionDescriptor.of(
                java.lang.foreign.ValueLayout.JAVA_INT, ADDRESS, java.lang.foreign.ValueLayout.JAVA_INT,
                java.lang.foreign.ValueLayout.JAVA_INT, java.lang.foreign.ValueLayout.JAVA_INT, ADDRESS);
        return NativeLibs.upcallStatic(MethodHandles.lookup(), "requireAlpn", descriptor, Arena.global());
    }

    /** Upcall: after the ClientHello is read, fail the handshake unless ALPN chose quic-files. */
    private static int requireAlpn(MemorySegment session, int type, int when, int incoming, MemorySegment message) {
        try {
            return GnuTls.alpnSelected(session) ? 0 : Abi.GNUTLS_E_NO_APPLICATION_PROTOCOL;
        } catch (Throwable e) {
            return Abi.GNUTLS_E_NO_APPLICATION_PROTOCOL; // nothing may unwind into native code
        }
    }

    @Override
    public void close() {
        if (!antiReplay.equals(MemorySegment.NULL)) {
            GnuTls.antiReplayDeinit(antiReplay);
            antiReplay = MemorySegment.NULL;
        }
        GnuTls.certificateFreeCredentials(credentials);
        ticketKey.reinterpret(Abi.DATUM_SIZE).get(ADDRESS, Abi.DATUM_DATA).reinterpret(Abi.GNUTLS_TICKET_KEY_SIZE).fill((byte) 0);
        arena.close();
    }
}

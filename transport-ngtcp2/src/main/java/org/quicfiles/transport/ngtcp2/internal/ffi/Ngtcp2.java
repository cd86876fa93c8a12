package org.quicfiles.transport.ngtcp2.internal.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.quicfiles.transport.ngtcp2.internal.ffi.NativeLibs.downcall;
import static org.quicfiles.transport.ngtcp2.internal.ffi.NativeLibs.rethrow;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into ngtcp2 0.12 and its GnuTLS crypto helper, one static method per C function, named
 * after it without the {@code ngtcp2_} prefix. Arguments are raw pointers ({@link MemorySegment}),
 * lengths and timestamps (nanoseconds, {@link System#nanoTime()}); return values are ngtcp2's own
 * (negative {@code NGTCP2_ERR_*} codes on failure, see {@link Abi}). A connection's calls must all
 * come from the one thread that owns it.
 */
public final class Ngtcp2 {
    private static final MethodHandle VERSION = downcall("ngtcp2_version", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle SETTINGS_DEFAULT = downcall("ngtcp2_settings_default_versioned",
            FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS));
    private static final MethodHandle PARAMS_DEFAULT = downcall("ngtcp2_transport_params_default_versioned",
            FunctionDescriptor.ofVoid(JAVA_INT, ADDRESS));
    private static final MethodHandle DECODE_VERSION_CID = downcall("ngtcp2_pkt_decode_version_cid",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle ACCEPT = downcall("ngtcp2_accept",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final FunctionDescriptor CONN_NEW = FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS,
            ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, ADDRESS);
    private static final MethodHandle SERVER_NEW = downcall("ngtcp2_conn_server_new_versioned", CONN_NEW);
    private static final MethodHandle CLIENT_NEW = downcall("ngtcp2_conn_client_new_versioned", CONN_NEW);
    private static final MethodHandle READ_PKT = downcall("ngtcp2_conn_read_pkt_versioned",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle WRITEV_STREAM = downcall("ngtcp2_conn_writev_stream_versioned",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS,
                    JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle WRITE_CONNECTION_CLOSE = downcall("ngtcp2_conn_write_connection_close_versioned",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
    private static final MethodHandle GET_EXPIRY = downcall("ngtcp2_conn_get_expiry", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    private static final MethodHandle HANDLE_EXPIRY = downcall("ngtcp2_conn_handle_expiry",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle EXTEND_MAX_STREAM_OFFSET = downcall("ngtcp2_conn_extend_max_stream_offset",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle EXTEND_MAX_OFFSET = downcall("ngtcp2_conn_extend_max_offset",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
    private static final MethodHandle EXTEND_MAX_STREAMS_BIDI = downcall("ngtcp2_conn_extend_max_streams_bidi",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
    private static final MethodHandle SHUTDOWN_STREAM = downcall("ngtcp2_conn_shutdown_stream",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle CONN_DEL = downcall("ngtcp2_conn_del", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle SET_TLS_NATIVE_HANDLE = downcall("ngtcp2_conn_set_tls_native_handle",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    private static final MethodHandle GET_TLS_ALERT = downcall("ngtcp2_conn_get_tls_alert", FunctionDescriptor.of(JAVA_BYTE, ADDRESS));
    private static final MethodHandle CCERR_LIBERR = downcall("ngtcp2_connection_close_error_set_transport_error_liberr",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle CCERR_TLS_ALERT = downcall("ngtcp2_connection_close_error_set_transport_error_tls_alert",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_BYTE, ADDRESS, JAVA_LONG));
    private static final MethodHandle CCERR_APPLICATION = downcall("ngtcp2_connection_close_error_set_application_error",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));
    private static final MethodHandle GET_SEND_QUANTUM = downcall("ngtcp2_conn_get_send_quantum",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    private static final MethodHandle UPDATE_PKT_TX_TIME = downcall("ngtcp2_conn_update_pkt_tx_time",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG));
    private static final MethodHandle GET_PTO = downcall("ngtcp2_conn_get_pto", FunctionDescriptor.of(JAVA_LONG, ADDRESS));
    private static final MethodHandle IS_IN_CLOSING_PERIOD = downcall("ngtcp2_conn_is_in_closing_period",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle IS_IN_DRAINING_PERIOD = downcall("ngtcp2_conn_is_in_draining_period",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle OPEN_BIDI_STREAM = downcall("ngtcp2_conn_open_bidi_stream",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle GET_REMOTE_TRANSPORT_PARAMS = downcall("ngtcp2_conn_get_remote_transport_params",
            FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle SET_EARLY_REMOTE_TRANSPORT_PARAMS = downcall(
            "ngtcp2_conn_set_early_remote_transport_params_versioned", FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle GET_HANDSHAKE_COMPLETED = downcall("ngtcp2_conn_get_handshake_completed",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle GET_PATH = downcall("ngtcp2_conn_get_path", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle INITIATE_IMMEDIATE_MIGRATION = downcall("ngtcp2_conn_initiate_immediate_migration",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle GET_CONNECTION_CLOSE_ERROR = downcall("ngtcp2_conn_get_connection_close_error",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    private static final MethodHandle STRERROR = downcall("ngtcp2_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle ERR_IS_FATAL = downcall("ngtcp2_err_is_fatal", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle CONFIGURE_SERVER_SESSION = downcall("ngtcp2_crypto_gnutls_configure_server_session",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle CONFIGURE_CLIENT_SESSION = downcall("ngtcp2_crypto_gnutls_configure_client_session",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle STATELESS_RESET_TOKEN = downcall("ngtcp2_crypto_generate_stateless_reset_token",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS));

    private static final MethodHandle CRYPTO_WRITE_CONNECTION_CLOSE = downcall("ngtcp2_crypto_write_connection_close",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG));

    private static final MethodHandle WRITE_VERSION_NEGOTIATION = downcall("ngtcp2_pkt_write_version_negotiation",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_BYTE, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG,
                    ADDRESS, JAVA_LONG));
    private static final MethodHandle WRITE_STATELESS_RESET = downcall("ngtcp2_pkt_write_stateless_reset",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));

    private static final MethodHandle GENERATE_RETRY_TOKEN = downcall("ngtcp2_crypto_generate_retry_token",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle VERIFY_RETRY_TOKEN = downcall("ngtcp2_crypto_verify_retry_token",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT,
                    ADDRESS, JAVA_LONG, JAVA_LONG));
    private static final MethodHandle WRITE_RETRY = downcall("ngtcp2_crypto_write_retry",
            FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG));

    private Ngtcp2() {
    }

    /** The library's version string, e.g. {@code 0.12.1}. */
    public static String versionString() {
        try {
            MemorySegment info = ((MemorySegment) VERSION.invokeExact(0)).reinterpret(Abi.INFO_VERSION_STR + 8);
            return info.get(ADDRESS, Abi.INFO_VERSION_STR).reinterpret(64).getString(0);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void settingsDefault(MemorySegment settings) {
        try {
            SETTINGS_DEFAULT.invokeExact(Abi.SETTINGS_VERSION, settings);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void transportParamsDefault(MemorySegment params) {
        try {
            PARAMS_DEFAULT.invokeExact(Abi.TRANSPORT_PARAMS_VERSION, params);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int pktDecodeVersionCid(MemorySegment versionCid, MemorySegment data, long length, long shortDcidLength) {
        try {
            return (int) DECODE_VERSION_CID.invokeExact(versionCid, data, length, shortDcidLength);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int accept(MemorySegment header, MemorySegment packet, long length) {
        try {
            return (int) ACCEPT.invokeExact(header, packet, length);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int connServerNew(MemorySegment pconn, MemorySegment dcid, MemorySegment scid, MemorySegment path,
                                    int version, MemorySegment callbacks, MemorySegment settings,
                                    MemorySegment params, MemorySegment userData) {
        try {
            return (int) SERVER_NEW.invokeExact(pconn, dcid, scid, path, version, Abi.CALLBACKS_VERSION, callbacks,
                    Abi.SETTINGS_VERSION, settings, Abi.TRANSPORT_PARAMS_VERSION, params, MemorySegment.NULL, userData);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int connClientNew(MemorySegment pconn, MemorySegment dcid, MemorySegment scid, MemorySegment path,
                                    int version, MemorySegment callbacks, MemorySegment settings,
                                    MemorySegment params, MemorySegment userData) {
        try {
            return (int) CLIENT_NEW.invokeExact(pconn, dcid, scid, path, version, Abi.CALLBACKS_VERSION, callbacks,
                    Abi.SETTINGS_VERSION, settings, Abi.TRANSPORT_PARAMS_VERSION, params, MemorySegment.NULL, userData);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int connReadPkt(MemorySegment conn, MemorySegment path, MemorySegment packetInfo,
                                  MemorySegment packet, long length, long now) {
        try {
            return (int) READ_PKT.invokeExact(conn, path, Abi.PKT_INFO_VERSION, packetInfo, packet, length, now);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static long connWritevStream(MemorySegment conn, MemorySegment path, MemorySegment packetInfo,
                                        MemorySegment dest, long destLength, MemorySegment pdatalen, int flags,
                                        long streamId, MemorySegment vecs, long vecCount, long now) {
        try {
            return (long) WRITEV_STREAM.invokeExact(conn, path, Abi.PKT_INFO_VERSION, packetInfo, dest, destLength,
                    pdatalen, flags, streamId, vecs, vecCount, now);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static long connWriteConnectionClose(MemorySegment conn, MemorySegment path, MemorySegment packetInfo,
                                                MemorySegment dest, long destLength, MemorySegment ccerr, long now) {
        try {
            return (long) WRITE_CONNECTION_CLOSE.invokeExact(conn, path, Abi.PKT_INFO_VERSION, packetInfo, dest,
                    destLength, ccerr, now);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The next timer of the connection (nanoseconds), or {@code -1L} (UINT64_MAX) for none. */
    public static long connGetExpiry(MemorySegment conn) {
        try {
            return (long) GET_EXPIRY.invokeExact(conn);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int connHandleExpiry(MemorySegment conn, long now) {
        try {
            return (int) HANDLE_EXPIRY.invokeExact(conn, now);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int connExtendMaxStreamOffset(MemorySegment conn, long streamId, long bytes) {
        try {
            return (int) EXTEND_MAX_STREAM_OFFSET.invokeExact(conn, streamId, bytes);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void connExtendMaxOffset(MemorySegment conn, long bytes) {
        try {
            EXTEND_MAX_OFFSET.invokeExact(conn, bytes);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * Lets the peer open {@code count} more bidirectional streams (MAX_STREAMS). ngtcp2 0.12 does
     * not do this by itself when a stream the peer opened is closed.
     */
    public static void connExtendMaxStreamsBidi(MemorySegment conn, long count) {
        try {
            EXTEND_MAX_STREAMS_BIDI.invokeExact(conn, count);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** RESET_STREAM and STOP_SENDING with {@code code}. */
    public static int connShutdownStream(MemorySegment conn, long streamId, long code) {
        try {
            return (int) SHUTDOWN_STREAM.invokeExact(conn, streamId, code);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void connDel(MemorySegment conn) {
        try {
            CONN_DEL.invokeExact(conn);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void connSetTlsNativeHandle(MemorySegment conn, MemorySegment session) {
        try {
            SET_TLS_NATIVE_HANDLE.invokeExact(conn, session);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int connGetTlsAlert(MemorySegment conn) {
        try {
            return Byte.toUnsignedInt((byte) GET_TLS_ALERT.invokeExact(conn));
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void ccerrSetLiberr(MemorySegment ccerr, int liberr) {
        try {
            CCERR_LIBERR.invokeExact(ccerr, liberr, MemorySegment.NULL, 0L);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void ccerrSetTlsAlert(MemorySegment ccerr, int alert) {
        try {
            CCERR_TLS_ALERT.invokeExact(ccerr, (byte) alert, MemorySegment.NULL, 0L);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void ccerrSetApplication(MemorySegment ccerr, long code) {
        try {
            CCERR_APPLICATION.invokeExact(ccerr, code, MemorySegment.NULL, 0L);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The bytes ngtcp2 wants written in one burst before {@link #connUpdatePktTxTime} (pacing). */
    public static long connGetSendQuantum(MemorySegment conn) {
        try {
            return (long) GET_SEND_QUANTUM.invokeExact(conn);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void connUpdatePktTxTime(MemorySegment conn, long now) {
        try {
            UPDATE_PKT_TX_TIME.invokeExact(conn, now);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static long connGetPto(MemorySegment conn) {
        try {
            return (long) GET_PTO.invokeExact(conn);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static boolean connIsClosingOrDraining(MemorySegment conn) {
        try {
            return (int) IS_IN_CLOSING_PERIOD.invokeExact(conn) != 0 || (int) IS_IN_DRAINING_PERIOD.invokeExact(conn) != 0;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int connOpenBidiStream(MemorySegment conn, MemorySegment pstreamId) {
        try {
            return (int) OPEN_BIDI_STREAM.invokeExact(conn, pstreamId, MemorySegment.NULL);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The peer's transport parameters ({@code PARAMS_SIZE} bytes), owned by the connection. */
    public static MemorySegment connGetRemoteTransportParams(MemorySegment conn) {
        try {
            return ((MemorySegment) GET_REMOTE_TRANSPORT_PARAMS.invokeExact(conn)).reinterpret(Abi.PARAMS_SIZE);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A client's remembered server parameters, for the 0-RTT data it sends before the handshake ends. */
    public static void connSetEarlyRemoteTransportParams(MemorySegment conn, MemorySegment params) {
        try {
            SET_EARLY_REMOTE_TRANSPORT_PARAMS.invokeExact(conn, Abi.TRANSPORT_PARAMS_VERSION, params);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static boolean connHandshakeCompleted(MemorySegment conn) {
        try {
            return (int) GET_HANDSHAKE_COMPLETED.invokeExact(conn) != 0;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * The connection's current path ({@code ngtcp2_path}, owned by ngtcp2: valid until the next
     * call on the connection). It moves when the peer migrates, and back if that path fails validation.
     */
    public static MemorySegment connGetPath(MemorySegment conn) {
        try {
            return ((MemorySegment) GET_PATH.invokeExact(conn)).reinterpret(Abi.PATH_SIZE);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * Client only: moves the connection to {@code path} at once (a fresh connection id, path
     * validation alongside). {@link Abi#ERR_CONN_ID_BLOCKED} while the peer has given no spare id,
     * {@link Abi#ERR_INVALID_STATE} before the handshake is confirmed.
     */
    public static int connInitiateImmediateMigration(MemorySegment conn, MemorySegment path, long now) {
        try {
            return (int) INITIATE_IMMEDIATE_MIGRATION.invokeExact(conn, path, now);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The CONNECTION_CLOSE the peer sent ({@code ngtcp2_connection_close_error}), into {@code ccerr}. */
    public static void connGetConnectionCloseError(MemorySegment conn, MemorySegment ccerr) {
        try {
            GET_CONNECTION_CLOSE_ERROR.invokeExact(conn, ccerr);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** ngtcp2's text for an error code. */
    public static String strerror(int liberr) {
        try {
            return ((MemorySegment) STRERROR.invokeExact(liberr)).reinterpret(256).getString(0);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static boolean errIsFatal(int liberr) {
        try {
            return (int) ERR_IS_FATAL.invokeExact(liberr) != 0;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int cryptoConfigureServerSession(MemorySegment session) {
        try {
            return (int) CONFIGURE_SERVER_SESSION.invokeExact(session);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int cryptoConfigureClientSession(MemorySegment session) {
        try {
            return (int) CONFIGURE_CLIENT_SESSION.invokeExact(session);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int cryptoGenerateStatelessResetToken(MemorySegment token, MemorySegment secret, long secretLength,
                                                        MemorySegment cid) {
        try {
            return (int) STATELESS_RESET_TOKEN.invokeExact(token, secret, secretLength, cid);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * An Initial packet carrying CONNECTION_CLOSE with transport error {@code errorCode}, for a
     * client the server refuses before creating a connection.
     */
    public static long cryptoWriteConnectionClose(MemorySegment dest, long destLength, int version, MemorySegment dcid,
                                                  MemorySegment scid, long errorCode) {
        try {
            return (long) CRYPTO_WRITE_CONNECTION_CLOSE.invokeExact(dest, destLength, version, dcid, scid, errorCode,
                    MemorySegment.NULL, 0L);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A Version Negotiation packet offering {@code versions} (an array of {@code uint32_t}). */
    public static long pktWriteVersionNegotiation(MemorySegment dest, long destLength, byte unusedRandom,
                                                  MemorySegment dcid, long dcidLength, MemorySegment scid,
                                                  long scidLength, MemorySegment versions, long versionCount) {
        try {
            return (long) WRITE_VERSION_NEGOTIATION.invokeExact(dest, destLength, unusedRandom, dcid, dcidLength, scid,
                    scidLength, versions, versionCount);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A Stateless Reset packet: {@code random} bytes (at least 5) then the 16-byte {@code token}. */
    public static long pktWriteStatelessReset(MemorySegment dest, long destLength, MemorySegment token,
                                              MemorySegment random, long randomLength) {
        try {
            return (long) WRITE_STATELESS_RESET.invokeExact(dest, destLength, token, random, randomLength);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A Retry token (at most {@link Abi#CRYPTO_MAX_RETRY_TOKENLEN} bytes) binding the client's address and first DCID. */
    public static long cryptoGenerateRetryToken(MemorySegment token, MemorySegment secret, long secretLength, int version,
                                               MemorySegment remoteAddress, int remoteAddressLength,
                                               MemorySegment retryScid, MemorySegment odcid, long now) {
        try {
            return (long) GENERATE_RETRY_TOKEN.invokeExact(token, secret, secretLength, version, remoteAddress,
                    remoteAddressLength, retryScid, odcid, now);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** 0 and the client's first DCID in {@code odcid} when the token is ours, for this address and not expired. */
    public static int cryptoVerifyRetryToken(MemorySegment odcid, MemorySegment token, long tokenLength,
                                             MemorySegment secret, long secretLength, int version,
                                             MemorySegment remoteAddress, int remoteAddressLength, MemorySegment dcid,
                                             long timeoutNanos, long now) {
        try {
            return (int) VERIFY_RETRY_TOKEN.invokeExact(odcid, token, tokenLength, secret, secretLength, version,
                    remoteAddress, remoteAddressLength, dcid, timeoutNanos, now);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** A Retry packet to the client ({@code dcid} = its SCID) from {@code scid}, for its first {@code odcid}. */
    public static long cryptoWriteRetry(MemorySegment dest, long destLength, int version, MemorySegment dcid,
                                        MemorySegment scid, MemorySegment odcid, MemorySegment token, long tokenLength) {
        try {
            return (long) WRITE_RETRY.invokeExact(dest, destLength, version, dcid, scid, odcid, token, tokenLength);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }
}

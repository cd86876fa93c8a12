package org.quicfiles.transport.ngtcp2.internal.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static org.quicfiles.transport.ngtcp2.internal.ffi.NativeLibs.downcall;
import static org.quicfiles.transport.ngtcp2.internal.ffi.NativeLibs.rethrow;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * Downcalls into GnuTLS 3.7, one static method per C function, named after it without the
 * {@code gnutls_} prefix. Functions returning GnuTLS status codes return them unchanged (negative
 * on failure); {@link #check} turns one into an exception with GnuTLS's own text.
 */
public final class GnuTls {
    private static final MethodHandle CHECK_VERSION = downcall("gnutls_check_version", FunctionDescriptor.of(ADDRESS, ADDRESS));
    private static final MethodHandle STRERROR = downcall("gnutls_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle ALLOCATE_CREDENTIALS = downcall("gnutls_certificate_allocate_credentials",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle FREE_CREDENTIALS = downcall("gnutls_certificate_free_credentials",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle PCERT_IMPORT_RAWPK_RAW = downcall("gnutls_pcert_import_rawpk_raw",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle PRIVKEY_INIT = downcall("gnutls_privkey_init", FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle PRIVKEY_IMPORT_X509_RAW = downcall("gnutls_privkey_import_x509_raw",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SET_KEY = downcall("gnutls_certificate_set_key",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle SET_X509_KEY_MEM2 = downcall("gnutls_certificate_set_x509_key_mem2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle INIT = downcall("gnutls_init", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle DEINIT = downcall("gnutls_deinit", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle PRIORITY_SET_DIRECT = downcall("gnutls_priority_set_direct",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle SESSION_SET_PTR = downcall("gnutls_session_set_ptr", FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    private static final MethodHandle CREDENTIALS_SET = downcall("gnutls_credentials_set",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS));
    private static final MethodHandle SERVER_SET_REQUEST = downcall("gnutls_certificate_server_set_request",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT));
    private static final MethodHandle ALPN_SET_PROTOCOLS = downcall("gnutls_alpn_set_protocols",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle SERVER_NAME_SET = downcall("gnutls_server_name_set",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle SESSION_SET_VERIFY_FUNCTION = downcall("gnutls_session_set_verify_function",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    private static final MethodHandle SET_VERIFY_FUNCTION = downcall("gnutls_certificate_set_verify_function",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    private static final MethodHandle GET_PEERS = downcall("gnutls_certificate_get_peers",
            FunctionDescriptor.of(ADDRESS, ADDRESS, ADDRESS));
    private static final MethodHandle TYPE_GET2 = downcall("gnutls_certificate_type_get2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SET_HOOK_FUNCTION = downcall("gnutls_handshake_set_hook_function",
            FunctionDescriptor.ofVoid(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));

    private static final MethodHandle TICKET_ENABLE_SERVER = downcall("gnutls_session_ticket_enable_server",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle TICKET_SEND = downcall("gnutls_session_ticket_send",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle SET_MAX_EARLY_DATA_SIZE = downcall("gnutls_record_set_max_early_data_size",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG));
    private static final MethodHandle ANTI_REPLAY_INIT = downcall("gnutls_anti_replay_init",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));
    private static final MethodHandle ANTI_REPLAY_DEINIT = downcall("gnutls_anti_replay_deinit",
            FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle ANTI_REPLAY_SET_ADD_FUNCTION = downcall("gnutls_anti_replay_set_add_function",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    private static final MethodHandle ANTI_REPLAY_ENABLE = downcall("gnutls_anti_replay_enable",
            FunctionDescriptor.ofVoid(ADDRESS, ADDRESS));
    private static final MethodHandle SESSION_GET_DATA2 = downcall("gnutls_session_get_data2",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle SESSION_SET_DATA = downcall("gnutls_session_set_data",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, JAVA_LONG));
    private static final MethodHandle SESSION_GET_FLAGS = downcall("gnutls_session_get_flags",
            FunctionDescriptor.of(JAVA_INT, ADDRESS));

    private static final MethodHandle ALPN_GET_SELECTED_PROTOCOL = downcall("gnutls_alpn_get_selected_protocol",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS));

    private GnuTls() {
    }

    /** Whether the installed GnuTLS is at least {@code minimum}. */
    public static boolean checkVersion(String minimum) {
        try (Arena arena = Arena.ofConfined()) {
            return !((MemorySegment) CHECK_VERSION.invokeExact(arena.allocateFrom(minimum))).equals(MemorySegment.NULL);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** GnuTLS's text for a status code. */
    public static String strerror(int code) {
        try {
            return ((MemorySegment) STRERROR.invokeExact(code)).reinterpret(256).getString(0);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Throws with {@code what} and GnuTLS's text when {@code code} is negative; returns it otherwise. */
    public static int check(int code, String what) {
        if (code < 0) {
            throw new IllegalStateException(what + " failed: " + strerror(code) + " (" + code + ")");
        }
        return code;
    }

    public static int certificateAllocateCredentials(MemorySegment pcred) {
        try {
            return (int) ALLOCATE_CREDENTIALS.invokeExact(pcred);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void certificateFreeCredentials(MemorySegment cred) {
        try {
            FREE_CREDENTIALS.invokeExact(cred);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int pcertImportRawpkRaw(MemorySegment pcert, MemorySegment datum, int format) {
        try {
            return (int) PCERT_IMPORT_RAWPK_RAW.invokeExact(pcert, datum, format, 0, 0);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int privkeyInit(MemorySegment pkey) {
        try {
            return (int) PRIVKEY_INIT.invokeExact(pkey);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int privkeyImportX509Raw(MemorySegment key, MemorySegment datum, int format) {
        try {
            return (int) PRIVKEY_IMPORT_X509_RAW.invokeExact(key, datum, format, MemorySegment.NULL, 0);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int certificateSetKey(MemorySegment cred, MemorySegment pcerts, int count, MemorySegment key) {
        try {
            return (int) SET_KEY.invokeExact(cred, MemorySegment.NULL, 0, pcerts, count, key);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int certificateSetX509KeyMem2(MemorySegment cred, MemorySegment certDatum, MemorySegment keyDatum,
                                                int format) {
        try {
            return (int) SET_X509_KEY_MEM2.invokeExact(cred, certDatum, keyDatum, format, MemorySegment.NULL, 0);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int init(MemorySegment psession, int flags) {
        try {
            return (int) INIT.invokeExact(psession, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void deinit(MemorySegment session) {
        try {
            DEINIT.invokeExact(session);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int prioritySetDirect(MemorySegment session, MemorySegment priorities) {
        try {
            return (int) PRIORITY_SET_DIRECT.invokeExact(session, priorities, MemorySegment.NULL);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void sessionSetPtr(MemorySegment session, MemorySegment pointer) {
        try {
            SESSION_SET_PTR.invokeExact(session, pointer);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int credentialsSet(MemorySegment session, int type, MemorySegment cred) {
        try {
            return (int) CREDENTIALS_SET.invokeExact(session, type, cred);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void certificateServerSetRequest(MemorySegment session, int request) {
        try {
            SERVER_SET_REQUEST.invokeExact(session, request);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int alpnSetProtocols(MemorySegment session, MemorySegment datums, int count, int flags) {
        try {
            return (int) ALPN_SET_PROTOCOLS.invokeExact(session, datums, count, flags);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int serverNameSet(MemorySegment session, MemorySegment name, long length) {
        try {
            return (int) SERVER_NAME_SET.invokeExact(session, Abi.GNUTLS_NAME_DNS, name, length);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void sessionSetVerifyFunction(MemorySegment session, MemorySegment function) {
        try {
            SESSION_SET_VERIFY_FUNCTION.invokeExact(session, function);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * Sets the verify callback of every session using {@code cred} (as libquic does; a callback set
     * with {@link #sessionSetVerifyFunction} on a session takes precedence).
     */
    public static void certificateSetVerifyFunction(MemorySegment cred, MemorySegment function) {
        try {
            SET_VERIFY_FUNCTION.invokeExact(cred, function);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The peer's certificates as an array of {@code gnutls_datum_t}; the count goes to {@code pcount}. */
    public static MemorySegment certificateGetPeers(MemorySegment session, MemorySegment pcount) {
        try {
            return (MemorySegment) GET_PEERS.invokeExact(session, pcount);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int certificateTypeGet2(MemorySegment session, int target) {
        try {
            return (int) TYPE_GET2.invokeExact(session, target);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void handshakeSetHookFunction(MemorySegment session, int type, int when, MemorySegment function) {
        try {
            SET_HOOK_FUNCTION.invokeExact(session, type, when, function);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Lets the server issue session tickets encrypted under {@code keyDatum} (a 64-byte master key). */
    public static int sessionTicketEnableServer(MemorySegment session, MemorySegment keyDatum) {
        try {
            return (int) TICKET_ENABLE_SERVER.invokeExact(session, keyDatum);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Sends {@code count} NewSessionTicket messages (post-handshake). */
    public static int sessionTicketSend(MemorySegment session, int count) {
        try {
            return (int) TICKET_SEND.invokeExact(session, count, 0);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int recordSetMaxEarlyDataSize(MemorySegment session, long size) {
        try {
            return (int) SET_MAX_EARLY_DATA_SIZE.invokeExact(session, size);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int antiReplayInit(MemorySegment pantiReplay) {
        try {
            return (int) ANTI_REPLAY_INIT.invokeExact(pantiReplay);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void antiReplayDeinit(MemorySegment antiReplay) {
        try {
            ANTI_REPLAY_DEINIT.invokeExact(antiReplay);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /**
     * Sets the store GnuTLS asks whether a 0-RTT ClientHello was seen before:
     * {@code int add(void *ptr, time_t expires, const gnutls_datum_t *key, const gnutls_datum_t *data)},
     * 0 when stored, {@code GNUTLS_E_DB_ENTRY_EXISTS} for a replay.
     */
    public static void antiReplaySetAddFunction(MemorySegment antiReplay, MemorySegment function) {
        try {
            ANTI_REPLAY_SET_ADD_FUNCTION.invokeExact(antiReplay, function);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static void antiReplayEnable(MemorySegment session, MemorySegment antiReplay) {
        try {
            ANTI_REPLAY_ENABLE.invokeExact(session, antiReplay);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** The session's resumption data (ticket and secrets) into {@code datum}, allocated by GnuTLS (free with libc's free). */
    public static int sessionGetData2(MemorySegment session, MemorySegment datum) {
        try {
            return (int) SESSION_GET_DATA2.invokeExact(session, datum);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    public static int sessionSetData(MemorySegment session, MemorySegment data, long size) {
        try {
            return (int) SESSION_SET_DATA.invokeExact(session, data, size);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** {@code GNUTLS_SFLAGS_*} of the session. */
    public static int sessionGetFlags(MemorySegment session) {
        try {
            return (int) SESSION_GET_FLAGS.invokeExact(session);
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Whether the handshake has agreed on an application protocol (ALPN) yet. */
    public static boolean alpnSelected(MemorySegment session) {
        try (Arena scratch = Arena.ofConfined()) {
            return (int) ALPN_GET_SELECTED_PROTOCOL.invokeExact(session, scratch.allocate(Abi.DATUM_SIZE, 8)) >= 0;
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    /** Writes a {@code gnutls_datum_t} for {@code bytes} (copied into {@code arena}) and returns it. */
    public static MemorySegment datum(Arena arena, byte[] bytes) {
        MemorySegment data = arena.allocate(Math.max(1, bytes.length));
        MemorySegment.copy(bytes, 0, data, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
        MemorySegment datum = arena.allocate(Abi.DATUM_SIZE, 8);
        datum.set(ADDRESS, Abi.DATUM_DATA, data);
        datum.set(JAVA_INT, Abi.DATUM_SIZE_FIELD, bytes.length);
        return datum;
    }
}

package org.quicfiles.transport.ngtcp2.internal.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.security.SecureRandom;

/**
 * Builds an {@code ngtcp2_callbacks} struct: the crypto callbacks point straight at ngtcp2's GnuTLS
 * helper, the others at upcall stubs into a {@link ConnectionEvents}. Every upcall catches
 * everything: a Java exception unwinding into ngtcp2 would kill the JVM, so it is reported to
 * {@code failures} and the callback returns {@code NGTCP2_ERR_CALLBACK_FAILURE}, which fails only
 * that connection.
 */
public final class Callbacks {
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * {@code get_conn} has no error path in ngtcp2's crypto helper (it dereferences the result), so
     * its upcall must not be able to throw: its argument comes sized (no restricted call) and it
     * only reads one pointer from it.
     */
    private static final MemorySegment GET_CONN = upcallStatic("getConn", FunctionDescriptor.of(ADDRESS,
            ADDRESS.withTargetLayout(java.lang.foreign.MemoryLayout.sequenceLayout(Abi.CONN_REF_SIZE, java.lang.foreign.ValueLayout.JAVA_BYTE))),
            Arena.global());

    private final ConnectionEvents events;
    private final java.util.function.Consumer<Throwable> failures;

    private Callbacks(ConnectionEvents events, java.util.function.Consumer<Throwable> failures) {
        this.events = events;
        this.failures = failures;
    }

    /** The role a callbacks struct serves. */
    public enum Role { SERVER, CLIENT }

    /**
     * Allocates and fills the struct in {@code arena}; the upcall stubs live as long as the arena.
     *
     * @param failures told of every exception an upcall caught
     */
    public static MemorySegment create(Role role, ConnectionEvents events,
                                       java.util.function.Consumer<Throwable> failures, Arena arena) {
        Callbacks target = new Callbacks(events, failures);
        MemorySegment cb = arena.allocate(Abi.CALLBACKS_SIZE, 8);
        if (role == Role.SERVER) {
            cb.set(ADDRESS, Abi.CB_RECV_CLIENT_INITIAL, NativeLibs.symbol("ngtcp2_crypto_recv_client_initial_cb"));
        } else {
            cb.set(ADDRESS, Abi.CB_CLIENT_INITIAL, NativeLibs.symbol("ngtcp2_crypto_client_initial_cb"));
            cb.set(ADDRESS, Abi.CB_RECV_RETRY, NativeLibs.symbol("ngtcp2_crypto_recv_retry_cb"));
        }
        cb.set(ADDRESS, Abi.CB_RECV_CRYPTO_DATA, NativeLibs.symbol("ngtcp2_crypto_recv_crypto_data_cb"));
        cb.set(ADDRESS, Abi.CB_ENCRYPT, NativeLibs.symbol("ngtcp2_crypto_encrypt_cb"));
        cb.set(ADDRESS, Abi.CB_DECRYPT, NativeLibs.symbol("ngtcp2_crypto_decrypt_cb"));
        cb.set(ADDRESS, Abi.CB_HP_MASK, NativeLibs.symbol("ngtcp2_crypto_hp_mask_cb"));
        cb.set(ADDRESS, Abi.CB_UPDATE_KEY, NativeLibs.symbol("ngtcp2_crypto_update_key_cb"));
        cb.set(ADDRESS, Abi.CB_DELETE_CRYPTO_AEAD_CTX, NativeLibs.symbol("ngtcp2_crypto_delete_crypto_aead_ctx_cb"));
        cb.set(ADDRESS, Abi.CB_DELETE_CRYPTO_CIPHER_CTX, NativeLibs.symbol("ngtcp2_crypto_delete_crypto_cipher_ctx_cb"));
        cb.set(ADDRESS, Abi.CB_GET_PATH_CHALLENGE_DATA, NativeLibs.symbol("ngtcp2_crypto_get_path_challenge_data_cb"));
        cb.set(ADDRESS, Abi.CB_VERSION_NEGOTIATION, NativeLibs.symbol("ngtcp2_crypto_version_negotiation_cb"));
        cb.set(ADDRESS, Abi.CB_RAND, upcallStatic("rand", FunctionDescriptor.ofVoid(ADDRESS, JAVA_LONG, ADDRESS), arena));
        cb.set(ADDRESS, Abi.CB_RECV_STREAM_DATA, target.upcall("recvStreamData",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS), arena));
        cb.set(ADDRESS, Abi.CB_ACKED_STREAM_DATA_OFFSET, target.upcall("ackedStreamDataOffset",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS), arena));
        cb.set(ADDRESS, Abi.CB_STREAM_CLOSE, target.upcall("streamClose",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS), arena));
        cb.set(ADDRESS, Abi.CB_STREAM_RESET, target.upcall("streamReset",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS), arena));
        cb.set(ADDRESS, Abi.CB_STREAM_STOP_SENDING, target.upcall("streamStopSending",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS), arena));
        cb.set(ADDRESS, Abi.CB_EXTEND_MAX_STREAM_DATA, target.upcall("extendMaxStreamData",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG, ADDRESS, ADDRESS), arena));
        cb.set(ADDRESS, Abi.CB_GET_NEW_CONNECTION_ID, target.upcall("getNewConnectionId",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG, ADDRESS), arena));
        cb.set(ADDRESS, Abi.CB_REMOVE_CONNECTION_ID, target.upcall("removeConnectionId",
                FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS), arena));
        return cb;
    }

    /**
     * Allocates an {@code ngtcp2_crypto_conn_ref} whose {@code get_conn} returns its own
     * {@code user_data}; set that to the connection once it exists ({@link #setConn}).
     */
    public static MemorySegment connRef(Arena arena) {
        MemorySegment ref = arena.allocate(Abi.CONN_REF_SIZE, 8);
        ref.set(ADDRESS, Abi.CONN_REF_GET_CONN, GET_CONN);
        ref.set(ADDRESS, Abi.CONN_REF_USER_DATA, MemorySegment.NULL);
        return ref;
    }

    public static void setConn(MemorySegment connRef, MemorySegment conn) {
        connRef.set(ADDRESS, Abi.CONN_REF_USER_DATA, conn);
    }

    // ---- upcall targets ----

    private static MemorySegment getConn(MemorySegment ref) {
        return ref.get(ADDRESS, Abi.CONN_REF_USER_DATA);
    }

    private static void rand(MemorySegment dest, long length, MemorySegment context) {
        try {
            byte[] bytes = new byte[(int) length];
            RANDOM.nextBytes(bytes);
            MemorySegment.copy(bytes, 0, dest.reinterpret(length), java.lang.foreign.ValueLayout.JAVA_BYTE, 0, bytes.length);
        } catch (Throwable e) {
            // nothing may unwind into native code; the bytes keep whatever they held
        }
    }

    private int recvStreamData(MemorySegment conn, int flags, long streamId, long offset, MemorySegment data,
                               long length, MemorySegment userData, MemorySegment streamUserData) {
        try {
            if ((flags & Abi.STREAM_DATA_FLAG_EARLY) != 0) {
                events.earlyStreamData(userData.address(), streamId);
            }
            return events.streamData(userData.address(), streamId, data.reinterpret(length),
                    (flags & Abi.STREAM_DATA_FLAG_FIN) != 0);
        } catch (Throwable e) {
            return failed(e);
        }
    }

    private int ackedStreamDataOffset(MemorySegment conn, long streamId, long offset, long length,
                                      MemorySegment userData, MemorySegment streamUserData) {
        try {
            return events.streamDataAcked(userData.address(), streamId, offset, length);
        } catch (Throwable e) {
            return failed(e);
        }
    }

    private int streamClose(MemorySegment conn, int flags, long streamId, long code, MemorySegment userData,
                            MemorySegment streamUserData) {
        try {
            return events.streamClosed(userData.address(), streamId,
                    (flags & Abi.STREAM_CLOSE_FLAG_APP_ERROR_CODE_SET) != 0 ? code : -1);
        } catch (Throwable e) {
            return failed(e);
        }
    }

    private int streamReset(MemorySegment conn, long streamId, long finalSize, long code, MemorySegment userData,
                            MemorySegment streamUserData) {
        try {
            return events.streamReset(userData.address(), streamId, code);
        } catch (Throwable e) {
            return failed(e);
        }
    }

    private int streamStopSending(MemorySegment conn, long streamId, long code, MemorySegment userData,
                                  MemorySegment streamUserData) {
        try {
            return events.streamStopSending(userData.address(), streamId, code);
        } catch (Throwable e) {
            return failed(e);
        }
    }

    private int extendMaxStreamData(MemorySegment conn, long streamId, long maxData, MemorySegment userData,
                                    MemorySegment streamUserData) {
        try {
            return events.streamWindowOpened(userData.address(), streamId);
        } catch (Throwable e) {
            return failed(e);
        }
    }

    private int getNewConnectionId(MemorySegment conn, MemorySegment cid, MemorySegment token, long length,
                                   MemorySegment userData) {
        try {
            return events.newConnectionId(userData.address(), cid.reinterpret(Abi.CID_SIZE),
                    token.reinterpret(Abi.STATELESS_RESET_TOKENLEN), length);
        } catch (Throwable e) {
            return failed(e);
        }
    }

    private int removeConnectionId(MemorySegment conn, MemorySegment cid, MemorySegment userData) {
        try {
            return events.connectionIdRetired(userData.address(), cid.reinterpret(Abi.CID_SIZE));
        } catch (Throwable e) {
            return failed(e);
        }
    }

    private int failed(Throwable e) {
        try {
            failures.accept(e);
        } catch (Throwable ignored) {
            // the report itself failed: still nothing may unwind
        }
        return Abi.ERR_CALLBACK_FAILURE;
    }

    private MemorySegment upcall(String name, FunctionDescriptor descriptor, Arena arena) {
        return NativeLibs.upcall(MethodHandles.lookup(), this, name, descriptor, arena);
    }

    private static MemorySegment upcallStatic(String name, FunctionDescriptor descriptor, Arena arena) {
        return NativeLibs.upcallStatic(MethodHandles.lookup(), name, descriptor, arena);
    }
}

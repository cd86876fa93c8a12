package org.quicfiles.transport.ngtcp2.internal.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

/**
 * {@code malloc} and {@code free}, for buffers whose life is set by the peer (stream data handed to
 * ngtcp2 lives until acknowledged) rather than by a scope. The segments have the global scope, so
 * the thread that fills one need not be the one that frees it.
 */
public final class Libc {
    private static final MethodHandle MALLOC = NativeLibs.LINKER.downcallHandle(
            NativeLibs.LINKER.defaultLookup().find("malloc").orElseThrow(), FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    private static final MethodHandle FREE = NativeLibs.LINKER.downcallHandle(
            NativeLibs.LINKER.defaultLookup().find("free").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));

    private Libc() {
    }

    /** {@code size} bytes of uninitialised native memory; free it with {@link #free}. */
    public static MemorySegment malloc(long size) {
        try {
            MemorySegment segment = (MemorySegment) MALLOC.invokeExact(size);
            if (segment.equals(MemorySegment.NULL)) {
                throw new OutOfMemoryError("malloc(" + size + ") failed");
            }
            return segment.reinterpret(size);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    public static void free(MemorySegment segment) {
        try {
            FREE.invokeExact(segment);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }
}

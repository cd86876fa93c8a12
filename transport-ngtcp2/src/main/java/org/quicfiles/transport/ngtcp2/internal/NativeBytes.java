package org.quicfiles.transport.ngtcp2.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.quicfiles.transport.ngtcp2.internal.ffi.Libc;

/** Copies of Java bytes in {@link Libc#malloc} memory, for a {@link SendBuffer}. */
final class NativeBytes {
    private NativeBytes() {
    }

    static MemorySegment copy(byte[] bytes) {
        MemorySegment segment = Libc.malloc(Math.max(1, bytes.length)).asSlice(0, bytes.length);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, 0, bytes.length);
        return segment;
    }
}

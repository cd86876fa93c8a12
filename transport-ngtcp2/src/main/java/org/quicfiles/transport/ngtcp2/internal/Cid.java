package org.quicfiles.transport.ngtcp2.internal;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HexFormat;
import org.quicfiles.transport.ngtcp2.internal.ffi.Abi;

/** A connection id's bytes, as a map key for routing packets to connections. */
final class Cid {
    private final byte[] bytes;
    private final int hash;

    private Cid(byte[] bytes) {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    /** From an {@code ngtcp2_cid} struct. */
    static Cid of(MemorySegment cid) {
        long length = cid.get(JAVA_LONG, Abi.CID_DATALEN);
        return new Cid(cid.asSlice(Abi.CID_DATA, length).toArray(JAVA_BYTE));
    }

    /** From {@code length} raw bytes at {@code data}. */
    static Cid of(MemorySegment data, long length) {
        return new Cid(data.reinterpret(length).toArray(JAVA_BYTE));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Cid cid && Arrays.equals(bytes, cid.bytes);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}

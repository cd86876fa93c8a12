package org.quicfiles.transport.ngtcp2.internal.ffi;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;

/** {@code struct sockaddr_in}/{@code sockaddr_in6} written from and read into Java addresses (Linux layout). */
public final class Sockaddrs {
    /** Room for either form ({@code sizeof(struct sockaddr_storage)}). */
    public static final long STORAGE_SIZE = 128;
    private static final short AF_INET = 2;
    private static final short AF_INET6 = 10;
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Sockaddrs() {
    }

    /** Writes {@code address} into {@code storage} and returns its length (16 or 28). */
    public static int write(MemorySegment storage, InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        storage.asSlice(0, 28).fill((byte) 0);
        if (ip instanceof Inet4Address) {
            storage.set(ValueLayout.JAVA_SHORT, 0, AF_INET);
            storage.set(NET_SHORT, 2, (short) address.getPort());
            MemorySegment.copy(ip.getAddress(), 0, storage, ValueLayout.JAVA_BYTE, 4, 4);
            return 16;
        }
        storage.set(ValueLayout.JAVA_SHORT, 0, AF_INET6);
        storage.set(NET_SHORT, 2, (short) address.getPort());
        MemorySegment.copy(ip.getAddress(), 0, storage, ValueLayout.JAVA_BYTE, 8, 16);
        if (ip instanceof Inet6Address v6) {
            storage.set(ValueLayout.JAVA_INT, 24, v6.getScopeId());
        }
        return 28;
    }

    /** Reads a socket address written by {@link #write} or by the library. */
    public static InetSocketAddress read(MemorySegment storage) {
        short family = storage.get(ValueLayout.JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(storage.get(NET_SHORT, 2));
        try {
            if (family == AF_INET) {
                byte[] ip = new byte[4];
                MemorySegment.copy(storage, ValueLayout.JAVA_BYTE, 4, ip, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            }
            byte[] ip = new byte[16];
            MemorySegment.copy(storage, ValueLayout.JAVA_BYTE, 8, ip, 0, 16);
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address", e);
        }
    }
}

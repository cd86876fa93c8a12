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
    public static final long STORAGE_SIZE = Abi.SOCKADDR_STORAGE_SIZE;
    private static final ValueLayout.OfShort NET_SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private Sockaddrs() {
    }

    /** Writes {@code address} into {@code storage} and returns its length (16 or 28). */
    public static int write(MemorySegment storage, InetSocketAddress address) {
        return write(storage, address, false);
    }

    /**
     * Writes {@code address} into {@code storage} and returns its length (16 or 28); with
     * {@code ipv6Socket}, an IPv4 address as IPv4-mapped IPv6 ({@code ::ffff:a.b.c.d}), the form a
     * dual-stack {@code AF_INET6} socket takes.
     */
    public static int write(MemorySegment storage, InetSocketAddress address, boolean ipv6Socket) {
        InetAddress ip = address.getAddress();
        storage.asSlice(0, Abi.SOCKADDR_IN6_SIZE).fill((byte) 0);
        if (ip instanceof Inet4Address && !ipv6Socket) {
            storage.set(ValueLayout.JAVA_SHORT, 0, (short) Abi.AF_INET);
            storage.set(NET_SHORT, Abi.SOCKADDR_IN_PORT, (short) address.getPort());
            MemorySegment.copy(ip.getAddress(), 0, storage, ValueLayout.JAVA_BYTE, Abi.SOCKADDR_IN_ADDR, 4);
            return (int) Abi.SOCKADDR_IN_SIZE;
        }
        storage.set(ValueLayout.JAVA_SHORT, 0, (short) Abi.AF_INET6);
        storage.set(NET_SHORT, Abi.SOCKADDR_IN6_PORT, (short) address.getPort());
        if (ip instanceof Inet4Address) {
            storage.set(ValueLayout.JAVA_SHORT, Abi.SOCKADDR_IN6_ADDR + 10, (short) -1);
            MemorySegment.copy(ip.getAddress(), 0, storage, ValueLayout.JAVA_BYTE, Abi.SOCKADDR_IN6_ADDR + 12, 4);
        } else {
            MemorySegment.copy(ip.getAddress(), 0, storage, ValueLayout.JAVA_BYTE, Abi.SOCKADDR_IN6_ADDR, 16);
            if (ip instanceof Inet6Address v6) {
                storage.set(ValueLayout.JAVA_INT, Abi.SOCKADDR_IN6_SCOPE_ID, v6.getScopeId());
            }
        }
        return (int) Abi.SOCKADDR_IN6_SIZE;
    }

    /**
     * Reads a socket address written by {@link #write} or by the library or the kernel; an
     * IPv4-mapped IPv6 address becomes the IPv4 one, as the JDK's sockets report it.
     */
    public static InetSocketAddress read(MemorySegment storage) {
        short family = storage.get(ValueLayout.JAVA_SHORT, 0);
        int port = Short.toUnsignedInt(storage.get(NET_SHORT, Abi.SOCKADDR_IN_PORT));
        try {
            if (family == Abi.AF_INET) {
                byte[] ip = new byte[4];
                MemorySegment.copy(storage, ValueLayout.JAVA_BYTE, Abi.SOCKADDR_IN_ADDR, ip, 0, 4);
                return new InetSocketAddress(InetAddress.getByAddress(ip), port);
            }
            byte[] ip = new byte[16];
            MemorySegment.copy(storage, ValueLayout.JAVA_BYTE, Abi.SOCKADDR_IN6_ADDR, ip, 0, 16);
            return new InetSocketAddress(InetAddress.getByAddress(ip), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address", e);
        }
    }
}

package org.quicfiles.tests;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * A bound AF_UNIX datagram socket standing in for systemd's {@code NOTIFY_SOCKET} (a path, or an
 * abstract name given as {@code @name}); libc through FFM, as the JDK has no AF_UNIX datagrams.
 */
final class NotifySocket implements AutoCloseable {
    private static final Linker LINKER = Linker.nativeLinker();
    private static final SymbolLookup LIBC = LINKER.defaultLookup();
    private static final MethodHandle SOCKET = handle("socket", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
    private static final MethodHandle BIND = handle("bind", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle SETSOCKOPT = handle("setsockopt", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
    private static final MethodHandle RECV = handle("recv", FunctionDescriptor.of(ValueLayout.JAVA_LONG,
            ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT));
    private static final MethodHandle CLOSE = handle("close", FunctionDescriptor.of(ValueLayout.JAVA_INT,
            ValueLayout.JAVA_INT));

    private final int fd;
    private final String name;

    private NotifySocket(int fd, String name) {
        this.fd = fd;
        this.name = name;
    }

    @SuppressWarnings("restricted")
    private static MethodHandle handle(String function, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LIBC.findOrThrow(function), descriptor);
    }

    /** Binds {@code name}: an absolute path, or {@code @name} for an abstract socket. */
    static NotifySocket bind(String name) throws Throwable {
        int fd = (int) SOCKET.invokeExact(1 /* AF_UNIX */, 2 /* SOCK_DGRAM */ | 0x80000 /* CLOEXEC */, 0);
        if (fd < 0) {
            throw new IllegalStateException("socket(AF_UNIX, SOCK_DGRAM) failed");
        }
        byte[] path = name.getBytes(StandardCharsets.UTF_8);
        boolean isAbstract = path[0] == '@';
        if (isAbstract) {
            path[0] = 0;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment address = arena.allocate(110);
            address.set(ValueLayout.JAVA_SHORT, 0, (short) 1);
            MemorySegment.copy(path, 0, address, ValueLayout.JAVA_BYTE, 2, path.length);
            int length = 2 + path.length + (isAbstract ? 0 : 1);
            if ((int) BIND.invokeExact(fd, address, length) != 0) {
                int ignored = (int) CLOSE.invokeExact(fd);
                throw new IllegalStateException("cannot bind AF_UNIX datagram socket " + name);
            }
        }
        return new NotifySocket(fd, name);
    }

    /** The value for {@code NOTIFY_SOCKET}. */
    String name() {
        return name;
    }

    /** The next datagram, or empty if none came within {@code timeout}. */
    Optional<String> receive(Duration timeout) throws Throwable {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment timeval = arena.allocate(16);
            timeval.set(ValueLayout.JAVA_LONG, 0, timeout.toSeconds());
            timeval.set(ValueLayout.JAVA_LONG, 8, timeout.toMillisPart() * 1000L);
            int ignored = (int) SETSOCKOPT.invokeExact(fd, 1 /* SOL_SOCKET */, 20 /* SO_RCVTIMEO */, timeval, 16);
            MemorySegment buffer = arena.allocate(4096);
            long received = (long) RECV.invokeExact(fd, buffer, 4096L, 0);
            if (received < 0) {
                return Optional.empty();
            }
            return Optional.of(new String(buffer.asSlice(0, received).toArray(ValueLayout.JAVA_BYTE),
                    StandardCharsets.UTF_8));
        }
    }

    /** Datagrams until one holds the line {@code state}; fails after {@code timeout} without a datagram. */
    String awaitLine(String state, Duration timeout) throws Throwable {
        StringBuilder seen = new StringBuilder();
        while (true) {
            Optional<String> message = receive(timeout);
            if (message.isEmpty()) {
                throw new AssertionError("no " + state + " within " + timeout + "; received: " + seen);
            }
            seen.append('[').append(message.get()).append(']');
            if (message.get().lines().anyMatch(state::equals)) {
                return message.get();
            }
        }
    }

    @Override
    public void close() {
        try {
            int ignored = (int) CLOSE.invokeExact(fd);
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}

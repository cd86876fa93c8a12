package org.quicfiles.app.internal.systemd;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Sends {@code sd_notify} datagrams to the AF_UNIX socket named by {@code NOTIFY_SOCKET}, a path or,
 * when it starts with {@code @}, an abstract socket. The JDK has no AF_UNIX datagram sockets, so this
 * calls libc's {@code socket}, {@code sendto} and {@code close} through FFM (the launcher grants
 * {@code org.quicfiles.app} native access). Thread-safe: each message uses its own socket.
 */
public final class SdNotify {
    /** The environment variable systemd sets for a {@code Type=notify} service. */
    public static final String SOCKET_VARIABLE = "NOTIFY_SOCKET";

    private static final int AF_UNIX = 1;
    private static final int SOCK_DGRAM = 2;
    private static final int SOCK_CLOEXEC = 0x80000;
    private static final int MSG_NOSIGNAL = 0x4000;
    /** {@code sizeof(struct sockaddr_un)} on Linux: a 2-byte family and a 108-byte path. */
    private static final int SOCKADDR_UN_SIZE = 110;
    private static final int PATH_OFFSET = 2;

    private final byte[] address;
    private final Libc libc;

    private SdNotify(byte[] address, Libc libc) {
        this.address = address;
        this.libc = libc;
    }

    /**
     * The notifier for {@code NOTIFY_SOCKET}, or empty when it is unset or blank (not run by systemd).
     *
     * @throws IllegalArgumentException if the name does not fit a {@code sockaddr_un}
     */
    public static Optional<SdNotify> fromEnvironment(Map<String, String> environment) {
        String name = environment.get(SOCKET_VARIABLE);
        if (name == null || name.isBlank()) {
            return Optional.empty();
        }
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        boolean isAbstract = bytes[0] == '@';
        if (isAbstract) {
            bytes[0] = 0;
        } else if (bytes[0] != '/') {
            throw new IllegalArgumentException(SOCKET_VARIABLE + " '" + name + "' is neither a path nor an abstract socket (@name)");
        }
        // a path needs its terminating NUL inside sun_path; an abstract name has none
        if (bytes.length + (isAbstract ? 0 : 1) > SOCKADDR_UN_SIZE - PATH_OFFSET) {
            throw new IllegalArgumentException(SOCKET_VARIABLE + " '" + name + "' is longer than a socket address allows");
        }
        return Optional.of(new SdNotify(bytes, Libc.INSTANCE));
    }

    /**
     * Sends one message, e.g. {@code READY=1} or {@code STATUS=…} (several may be joined with newlines).
     *
     * @return true if the datagram was sent; false (never an exception) if the socket refused it,
     *         because a service must not stop over a lost status message
     */
    public boolean send(String state) {
        byte[] message = state.getBytes(StandardCharsets.UTF_8);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment sockaddr = arena.allocate(SOCKADDR_UN_SIZE);
            sockaddr.set(ValueLayout.JAVA_SHORT, 0, (short) AF_UNIX);
            MemorySegment.copy(address, 0, sockaddr, ValueLayout.JAVA_BYTE, PATH_OFFSET, address.length);
            // abstract: exactly the name's bytes; path: with its NUL
            int length = PATH_OFFSET + address.length + (address[0] == 0 ? 0 : 1);
            MemorySegment buffer = arena.allocateFrom(ValueLayout.JAVA_BYTE, message);
            int fd = (int) libc.socket.invokeExact(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
            if (fd < 0) {
                return false;
            }
            try {
                long sent = (long) libc.sendto.invokeExact(fd, buffer, (long) message.length, MSG_NOSIGNAL,
                        sockaddr, length);
                return sent == message.length;
            } finally {
                int ignored = (int) libc.close.invokeExact(fd);
            }
        } catch (Throwable e) {
            return false;
        }
    }

    /** libc's three functions, bound once. */
    private static final class Libc {
        static final Libc INSTANCE = new Libc();

        final MethodHandle socket;
        final MethodHandle sendto;
        final MethodHandle close;

        @SuppressWarnings("restricted") // native access is granted to org.quicfiles.app by the launcher
        private Libc() {
            Linker linker = Linker.nativeLinker();
            SymbolLookup lookup = linker.defaultLookup();
            socket = linker.downcallHandle(lookup.findOrThrow("socket"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT));
            sendto = linker.downcallHandle(lookup.findOrThrow("sendto"), FunctionDescriptor.of(ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG, ValueLayout.JAVA_INT,
                    ValueLayout.ADDRESS, ValueLayout.JAVA_INT));
            close = linker.downcallHandle(lookup.findOrThrow("close"), FunctionDescriptor.of(ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_INT));
        }
    }
}

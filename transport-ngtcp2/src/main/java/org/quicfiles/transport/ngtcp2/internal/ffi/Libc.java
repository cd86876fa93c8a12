package org.quicfiles.transport.ngtcp2.internal.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

/**
 * The C library's calls the bindings need: {@code malloc} and {@code free}, for buffers whose life
 * is set by the peer (stream data handed to ngtcp2 lives until acknowledged) rather than by a scope,
 * and the socket, epoll and eventfd calls of {@link UdpSocket}. The socket calls return what the C
 * function returns; those that can fail take an {@link Errno} that receives {@code errno}, and
 * {@link Errno#failure} turns it into the one message a caller reports.
 */
public final class Libc {
    private static final Linker LINKER = NativeLibs.LINKER;
    private static final Linker.Option ERRNO = Linker.Option.captureCallState("errno");
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle CAPTURED_ERRNO = CAPTURE.varHandle(MemoryLayout.PathElement.groupElement("errno"));

    private static final MethodHandle MALLOC = plain("malloc", FunctionDescriptor.of(ADDRESS, JAVA_LONG));
    private static final MethodHandle FREE = plain("free", FunctionDescriptor.ofVoid(ADDRESS));
    private static final MethodHandle STRERROR = plain("strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT));
    private static final MethodHandle SOCKET = withErrno("socket", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle BIND = withErrno("bind", FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle SETSOCKOPT = withErrno("setsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle GETSOCKOPT = withErrno("getsockopt",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle GETSOCKNAME = withErrno("getsockname",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS));
    private static final MethodHandle CLOSE = withErrno("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle SENDMSG = withErrno("sendmsg", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_INT));
    private static final MethodHandle RECVMMSG = withErrno("recvmmsg",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_CREATE1 = withErrno("epoll_create1", FunctionDescriptor.of(JAVA_INT, JAVA_INT));
    private static final MethodHandle EPOLL_CTL = withErrno("epoll_ctl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS));
    private static final MethodHandle EPOLL_WAIT = withErrno("epoll_wait",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT));
    private static final MethodHandle EVENTFD = withErrno("eventfd", FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT));
    private static final MethodHandle READ = withErrno("read", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));
    /** Without errno: the wake-up write from any thread, whose only possible failure is harmless. */
    private static final MethodHandle WRITE = plain("write", FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG));

    private Libc() {
    }

    private static MethodHandle plain(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor);
    }

    private static MethodHandle withErrno(String name, FunctionDescriptor descriptor) {
        return LINKER.downcallHandle(LINKER.defaultLookup().find(name).orElseThrow(), descriptor, ERRNO);
    }

    /** Room for the {@code errno} a call leaves; one per thread that makes calls (it is not shared). */
    public static final class Errno {
        final MemorySegment state;

        public Errno(Arena arena) {
            this.state = arena.allocate(CAPTURE);
        }

        /** The {@code errno} the last call through this left. */
        public int value() {
            return (int) CAPTURED_ERRNO.get(state, 0L);
        }

        /** The last call's failure as one message: {@code call: strerror (errno N)}. */
        public IOException failure(String call) {
            int errno = value();
            return new IOException(call + ": " + strerror(errno) + " (errno " + errno + ")");
        }
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

    static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.equals(MemorySegment.NULL) ? "error " + errno : text.reinterpret(256).getString(0);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int socket(Errno errno, int domain, int type, int protocol) {
        try {
            return (int) SOCKET.invokeExact(errno.state, domain, type, protocol);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int bind(Errno errno, int fd, MemorySegment address, int length) {
        try {
            return (int) BIND.invokeExact(errno.state, fd, address, length);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int setsockopt(Errno errno, int fd, int level, int name, MemorySegment value, int length) {
        try {
            return (int) SETSOCKOPT.invokeExact(errno.state, fd, level, name, value, length);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int getsockopt(Errno errno, int fd, int level, int name, MemorySegment value, MemorySegment length) {
        try {
            return (int) GETSOCKOPT.invokeExact(errno.state, fd, level, name, value, length);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int getsockname(Errno errno, int fd, MemorySegment address, MemorySegment length) {
        try {
            return (int) GETSOCKNAME.invokeExact(errno.state, fd, address, length);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int close(Errno errno, int fd) {
        try {
            return (int) CLOSE.invokeExact(errno.state, fd);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static long sendmsg(Errno errno, int fd, MemorySegment msghdr, int flags) {
        try {
            return (long) SENDMSG.invokeExact(errno.state, fd, msghdr, flags);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int recvmmsg(Errno errno, int fd, MemorySegment msgvec, int vlen, int flags) {
        try {
            return (int) RECVMMSG.invokeExact(errno.state, fd, msgvec, vlen, flags, MemorySegment.NULL);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int epollCreate1(Errno errno, int flags) {
        try {
            return (int) EPOLL_CREATE1.invokeExact(errno.state, flags);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int epollCtl(Errno errno, int epfd, int op, int fd, MemorySegment event) {
        try {
            return (int) EPOLL_CTL.invokeExact(errno.state, epfd, op, fd, event);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int epollWait(Errno errno, int epfd, MemorySegment events, int maxEvents, int timeoutMillis) {
        try {
            return (int) EPOLL_WAIT.invokeExact(errno.state, epfd, events, maxEvents, timeoutMillis);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static int eventfd(Errno errno, int initial, int flags) {
        try {
            return (int) EVENTFD.invokeExact(errno.state, initial, flags);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static long read(Errno errno, int fd, MemorySegment buffer, long count) {
        try {
            return (long) READ.invokeExact(errno.state, fd, buffer, count);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }

    static long write(int fd, MemorySegment buffer, long count) {
        try {
            return (long) WRITE.invokeExact(fd, buffer, count);
        } catch (Throwable e) {
            throw NativeLibs.rethrow(e);
        }
    }
}

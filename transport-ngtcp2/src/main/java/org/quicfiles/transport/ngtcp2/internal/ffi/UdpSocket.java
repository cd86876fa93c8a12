package org.quicfiles.transport.ngtcp2.internal.ffi;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * A non-blocking UDP socket owned through the C library, for the one thread that runs an event loop
 * on it: {@code recvmmsg} reads a batch of datagrams per system call, {@code sendmsg} with a
 * {@code UDP_SEGMENT} control message (GSO) sends many same-size datagrams per call, and the loop
 * waits in {@code epoll_wait} on the socket and an {@code eventfd} that {@link #wakeup} (any thread)
 * signals. The JDK's {@code DatagramChannel} offers none of the three nor its descriptor.
 * <p>
 * GSO is used when the kernel knows {@code UDP_SEGMENT} (probed at open) and until it refuses a
 * send ({@code EIO}: no checksum offload on the route; {@code EINVAL}: the socket cannot segment;
 * {@code EMSGSIZE}: a segment exceeds the route's MTU); the refused send is then repeated one
 * datagram per call, and so is every later one.
 */
public final class UdpSocket implements AutoCloseable {
    /** Segments one GSO send may carry ({@code UDP_MAX_SEGMENTS} of older kernels; newer allow more). */
    public static final int MAX_SEGMENTS = 64;
    /** Bytes one GSO send may carry: an IP packet's 65,535 less the IPv6 and UDP headers. */
    public static final int MAX_GSO_BYTES = 65_535 - 40 - 8;
    private static final int WAKE = 1;
    private static final int READABLE = 0;

    private final Arena arena = Arena.ofShared();
    private final int fd;
    private final int epollFd;
    private final int eventFd;
    private final boolean ipv6;
    private final InetSocketAddress local;
    /** For the loop thread; the opening thread uses its own. */
    private final Libc.Errno errno = new Libc.Errno(arena);
    private volatile boolean gso;
    private volatile String gsoProblem;
    private boolean closed;

    private final MemorySegment sendMsg = arena.allocate(Abi.MSGHDR_SIZE, 8);
    private final MemorySegment sendIov = arena.allocate(Abi.IOVEC_SIZE, 8);
    private final MemorySegment sendName = arena.allocate(Abi.SOCKADDR_STORAGE_SIZE, 8);
    private final MemorySegment sendControl = arena.allocate(Abi.CMSG_SPACE_U16, 8);
    private InetSocketAddress sendTo;
    private int sendNameLength;

    private final int batch;
    private final int slotSize;
    private final MemorySegment receiveMsgs;
    private final MemorySegment receiveNames;
    private final MemorySegment receiveSlots;
    private final int[] receivedLengths;
    private final InetSocketAddress[] receivedFrom;
    private final MemorySegment lastName = arena.allocate(Abi.SOCKADDR_IN6_SIZE, 8);
    private InetSocketAddress lastFrom;

    private final MemorySegment events = arena.allocate(2 * Abi.EPOLL_EVENT_SIZE, 8);
    private final MemorySegment counter = arena.allocate(JAVA_LONG);
    private final MemorySegment one = arena.allocate(JAVA_LONG);

    private volatile long sendCalls;
    private volatile long datagramsSent;
    private volatile long gsoSends;
    private volatile long receiveCalls;
    private volatile long datagramsReceived;
    private volatile int largestReceiveBatch;

    private UdpSocket(int fd, int epollFd, int eventFd, boolean ipv6, InetSocketAddress local, boolean gso,
                      String gsoProblem, int batch, int slotSize) {
        this.fd = fd;
        this.epollFd = epollFd;
        this.eventFd = eventFd;
        this.ipv6 = ipv6;
        this.local = local;
        this.gso = gso;
        this.gsoProblem = gsoProblem;
        this.batch = batch;
        this.slotSize = slotSize;
        this.receiveMsgs = arena.allocate(batch * Abi.MMSGHDR_SIZE, 8);
        MemorySegment iovs = arena.allocate(batch * Abi.IOVEC_SIZE, 8);
        this.receiveNames = arena.allocate(batch * Abi.SOCKADDR_STORAGE_SIZE, 8);
        this.receiveSlots = arena.allocate((long) batch * slotSize, 64);
        this.receivedLengths = new int[batch];
        this.receivedFrom = new InetSocketAddress[batch];
        for (int i = 0; i < batch; i++) {
            MemorySegment iov = iovs.asSlice(i * Abi.IOVEC_SIZE, Abi.IOVEC_SIZE);
            iov.set(ADDRESS, Abi.IOVEC_BASE, slot(i));
            iov.set(JAVA_LONG, Abi.IOVEC_LEN, slotSize);
            MemorySegment hdr = receiveMsgs.asSlice(i * Abi.MMSGHDR_SIZE + Abi.MMSGHDR_HDR, Abi.MSGHDR_SIZE);
            hdr.set(ADDRESS, Abi.MSGHDR_NAME, receiveNames.asSlice(i * Abi.SOCKADDR_STORAGE_SIZE));
            hdr.set(ADDRESS, Abi.MSGHDR_IOV, iov);
            hdr.set(JAVA_LONG, Abi.MSGHDR_IOVLEN, 1);
        }
        sendMsg.set(ADDRESS, Abi.MSGHDR_NAME, sendName);
        sendMsg.set(ADDRESS, Abi.MSGHDR_IOV, sendIov);
        sendMsg.set(JAVA_LONG, Abi.MSGHDR_IOVLEN, 1);
        sendControl.set(JAVA_LONG, Abi.CMSGHDR_LEN, Abi.CMSG_LEN_U16);
        sendControl.set(JAVA_INT, Abi.CMSGHDR_LEVEL, Abi.SOL_UDP);
        sendControl.set(JAVA_INT, Abi.CMSGHDR_TYPE, Abi.UDP_SEGMENT);
        one.set(JAVA_LONG, 0, 1);
    }

    /**
     * Opens a socket bound to {@code bind} (IPv6 sockets dual-stack, as the JDK makes them) with
     * {@code bufferBytes} of send and receive buffer, reading up to {@code batch} datagrams of at
     * most {@code slotSize} bytes per call.
     *
     * @throws IOException with the failed call and the system's reason
     */
    public static UdpSocket open(InetSocketAddress bind, int bufferBytes, int batch, int slotSize) throws IOException {
        boolean ipv6 = !(bind.getAddress() instanceof Inet4Address);
        int fd = -1;
        int epollFd = -1;
        int eventFd = -1;
        try (Arena scratch = Arena.ofConfined()) {
            Libc.Errno errno = new Libc.Errno(scratch);
            fd = check(errno, "socket", Libc.socket(errno, ipv6 ? Abi.AF_INET6 : Abi.AF_INET,
                    Abi.SOCK_DGRAM | Abi.SOCK_NONBLOCK | Abi.SOCK_CLOEXEC, 0));
            MemorySegment value = scratch.allocate(JAVA_INT);
            if (ipv6) {
                value.set(JAVA_INT, 0, 0);
                check(errno, "setsockopt(IPV6_V6ONLY)", Libc.setsockopt(errno, fd, Abi.IPPROTO_IPV6, Abi.IPV6_V6ONLY, value, 4));
            }
            value.set(JAVA_INT, 0, bufferBytes);
            check(errno, "setsockopt(SO_RCVBUF)", Libc.setsockopt(errno, fd, Abi.SOL_SOCKET, Abi.SO_RCVBUF, value, 4));
            check(errno, "setsockopt(SO_SNDBUF)", Libc.setsockopt(errno, fd, Abi.SOL_SOCKET, Abi.SO_SNDBUF, value, 4));
            MemorySegment address = scratch.allocate(Abi.SOCKADDR_STORAGE_SIZE, 8);
            check(errno, "bind", Libc.bind(errno, fd, address, Sockaddrs.write(address, bind, ipv6)));
            MemorySegment length = scratch.allocate(JAVA_INT);
            length.set(JAVA_INT, 0, (int) Abi.SOCKADDR_STORAGE_SIZE);
            check(errno, "getsockname", Libc.getsockname(errno, fd, address, length));
            InetSocketAddress local = Sockaddrs.read(address);

            length.set(JAVA_INT, 0, 4);
            String gsoProblem = Libc.getsockopt(errno, fd, Abi.SOL_UDP, Abi.UDP_SEGMENT, value, length) == 0 ? null
                    : errno.failure("getsockopt(UDP_SEGMENT)").getMessage();

            epollFd = check(errno, "epoll_create1", Libc.epollCreate1(errno, Abi.EPOLL_CLOEXEC));
            eventFd = check(errno, "eventfd", Libc.eventfd(errno, 0, Abi.EFD_NONBLOCK | Abi.EFD_CLOEXEC));
            MemorySegment event = scratch.allocate(Abi.EPOLL_EVENT_SIZE, 8);
            event.set(JAVA_INT, Abi.EPOLL_EVENT_EVENTS, Abi.EPOLLIN);
            event.set(JAVA_LONG.withByteAlignment(4), Abi.EPOLL_EVENT_DATA, READABLE);
            check(errno, "epoll_ctl(socket)", Libc.epollCtl(errno, epollFd, Abi.EPOLL_CTL_ADD, fd, event));
            event.set(JAVA_LONG.withByteAlignment(4), Abi.EPOLL_EVENT_DATA, WAKE);
            check(errno, "epoll_ctl(eventfd)", Libc.epollCtl(errno, epollFd, Abi.EPOLL_CTL_ADD, eventFd, event));
            return new UdpSocket(fd, epollFd, eventFd, ipv6, local, gsoProblem == null, gsoProblem, batch, slotSize);
        } catch (IOException | RuntimeException e) {
            try (Arena scratch = Arena.ofConfined()) {
                Libc.Errno errno = new Libc.Errno(scratch);
                for (int open : new int[] {eventFd, epollFd, fd}) {
                    if (open >= 0) {
                        Libc.close(errno, open);
                    }
                }
            }
            throw e;
        }
    }

    private static int check(Libc.Errno errno, String call, int result) throws IOException {
        if (result < 0) {
            throw errno.failure(call);
        }
        return result;
    }

    public InetSocketAddress localAddress() {
        return local;
    }

    /** Whether sends may carry several datagrams ({@code UDP_SEGMENT}); false once the kernel refused one. */
    public boolean gso() {
        return gso;
    }

    /** Why GSO is off (the probe's or the refused send's failure), or null while it is on. */
    public String gsoProblem() {
        return gsoProblem;
    }

    // ---- sending (loop thread) ----

    /**
     * Sends {@code length} bytes of {@code data} to {@code to}: one datagram, or with
     * {@code segmentSize < length} datagrams of {@code segmentSize} bytes each (the last may be
     * shorter), in one call while GSO is on, one call each otherwise.
     *
     * @throws IOException when the system refuses a datagram (a full buffer is {@code EAGAIN}); the
     *         rest of a batch is not sent
     */
    public void send(MemorySegment data, int length, int segmentSize, InetSocketAddress to) throws IOException {
        if (to != sendTo) {
            sendNameLength = Sockaddrs.write(sendName, to, ipv6);
            sendTo = to;
        }
        sendMsg.set(JAVA_INT, Abi.MSGHDR_NAMELEN, sendNameLength);
        if (segmentSize >= length) {
            sendOne(data, length);
            return;
        }
        int segments = (length + segmentSize - 1) / segmentSize;
        if (gso) {
            sendIov.set(ADDRESS, Abi.IOVEC_BASE, data);
            sendIov.set(JAVA_LONG, Abi.IOVEC_LEN, length);
            sendControl.set(JAVA_SHORT, Abi.CMSGHDR_DATA, (short) segmentSize);
            sendMsg.set(ADDRESS, Abi.MSGHDR_CONTROL, sendControl);
            sendMsg.set(JAVA_LONG, Abi.MSGHDR_CONTROLLEN, Abi.CMSG_SPACE_U16);
            long sent = Libc.sendmsg(errno, fd, sendMsg, 0);
            sendCalls++;
            if (sent >= 0) {
                gsoSends++;
                datagramsSent += segments;
                return;
            }
            int error = errno.value();
            if (error != Abi.EIO && error != Abi.EINVAL && error != Abi.EMSGSIZE) {
                throw errno.failure("sendmsg(UDP_SEGMENT " + segmentSize + " x " + segments + " to " + to + ")");
            }
            gsoProblem = errno.failure("sendmsg(UDP_SEGMENT)").getMessage();
            gso = false;
        }
        for (int offset = 0; offset < length; offset += segmentSize) {
            sendOne(data.asSlice(offset), Math.min(segmentSize, length - offset));
        }
    }

    private void sendOne(MemorySegment data, int length) throws IOException {
        sendIov.set(ADDRESS, Abi.IOVEC_BASE, data);
        sendIov.set(JAVA_LONG, Abi.IOVEC_LEN, length);
        sendMsg.set(ADDRESS, Abi.MSGHDR_CONTROL, MemorySegment.NULL);
        sendMsg.set(JAVA_LONG, Abi.MSGHDR_CONTROLLEN, 0);
        long sent = Libc.sendmsg(errno, fd, sendMsg, 0);
        sendCalls++;
        if (sent < 0) {
            throw errno.failure("sendmsg(" + length + " bytes to " + sendTo + ")");
        }
        datagramsSent++;
    }

    // ---- receiving (loop thread) ----

    /**
     * Reads up to the batch size of waiting datagrams in one call; {@link #datagram}, {@link #length}
     * and {@link #from} describe each until the next call. A datagram longer than the slot is
     * dropped.
     *
     * @return how many were read, 0 when none was waiting
     */
    public int receive() throws IOException {
        for (int i = 0; i < batch; i++) {
            receiveMsgs.set(JAVA_INT, i * Abi.MMSGHDR_SIZE + Abi.MMSGHDR_HDR + Abi.MSGHDR_NAMELEN,
                    (int) Abi.SOCKADDR_STORAGE_SIZE);
        }
        int n = Libc.recvmmsg(errno, fd, receiveMsgs, batch, 0);
        receiveCalls++;
        if (n < 0) {
            if (errno.value() == Abi.EAGAIN || errno.value() == Abi.EINTR) {
                return 0;
            }
            throw errno.failure("recvmmsg");
        }
        for (int i = 0; i < n; i++) {
            long msg = i * Abi.MMSGHDR_SIZE;
            int flags = receiveMsgs.get(JAVA_INT, msg + Abi.MMSGHDR_HDR + Abi.MSGHDR_FLAGS);
            receivedLengths[i] = (flags & Abi.MSG_TRUNC) != 0 ? -1 : receiveMsgs.get(JAVA_INT, msg + Abi.MMSGHDR_LEN);
            receivedFrom[i] = source(receiveNames.asSlice(i * Abi.SOCKADDR_STORAGE_SIZE, Abi.SOCKADDR_STORAGE_SIZE),
                    receiveMsgs.get(JAVA_INT, msg + Abi.MMSGHDR_HDR + Abi.MSGHDR_NAMELEN));
        }
        datagramsReceived += n;
        if (n > largestReceiveBatch) {
            largestReceiveBatch = n;
        }
        return n;
    }

    /** The source address, the previous datagram's object when the bytes are the same (no garbage per packet). */
    private InetSocketAddress source(MemorySegment name, int length) {
        int compared = (int) Math.min(length, Abi.SOCKADDR_IN6_SIZE);
        if (lastFrom != null && MemorySegment.mismatch(name, 0, compared, lastName, 0, compared) == -1) {
            return lastFrom;
        }
        lastName.fill((byte) 0);
        MemorySegment.copy(name, 0, lastName, 0, compared);
        lastFrom = Sockaddrs.read(name);
        return lastFrom;
    }

    /** The {@code i}th datagram of the last {@link #receive}. */
    public MemorySegment datagram(int i) {
        return slot(i);
    }

    /** Its length, or -1 if it was truncated. */
    public int length(int i) {
        return receivedLengths[i];
    }

    public InetSocketAddress from(int i) {
        return receivedFrom[i];
    }

    private MemorySegment slot(int i) {
        return receiveSlots.asSlice((long) i * slotSize, slotSize);
    }

    // ---- waiting ----

    /**
     * Waits up to {@code timeoutMillis} (0: not at all) for a datagram or a {@link #wakeup}.
     *
     * @return whether datagrams are waiting
     */
    public boolean await(int timeoutMillis) throws IOException {
        int n = Libc.epollWait(errno, epollFd, events, 2, timeoutMillis);
        if (n < 0) {
            if (errno.value() == Abi.EINTR) {
                return true;
            }
            throw errno.failure("epoll_wait");
        }
        boolean readable = false;
        for (int i = 0; i < n; i++) {
            long data = events.get(JAVA_LONG.withByteAlignment(4), i * Abi.EPOLL_EVENT_SIZE + Abi.EPOLL_EVENT_DATA);
            if (data == WAKE) {
                Libc.read(errno, eventFd, counter, 8); // resets the counter; EAGAIN if another read did
            } else {
                readable = true;
            }
        }
        return readable;
    }

    /** Ends the loop thread's {@link #await} now (any thread); nothing once closed. */
    public synchronized void wakeup() {
        if (!closed) {
            Libc.write(eventFd, one, 8);
        }
    }

    // ---- for tests and logs (any thread) ----

    /** {@code sendmsg} calls made. */
    public long sendCalls() {
        return sendCalls;
    }

    /** Datagrams those calls sent. */
    public long datagramsSent() {
        return datagramsSent;
    }

    /** Calls that sent several datagrams with GSO. */
    public long gsoSends() {
        return gsoSends;
    }

    /** {@code recvmmsg} calls made. */
    public long receiveCalls() {
        return receiveCalls;
    }

    public long datagramsReceived() {
        return datagramsReceived;
    }

    /** The most datagrams one {@code recvmmsg} returned. */
    public int largestReceiveBatch() {
        return largestReceiveBatch;
    }

    /**
     * For tests: makes the kernel refuse GSO on this socket from now on ({@code SO_NO_CHECK}: UDP
     * without checksums cannot be segmented, {@code EINVAL}), as a route without checksum offload would.
     */
    public void disableChecksums() throws IOException {
        try (Arena scratch = Arena.ofConfined()) {
            Libc.Errno e = new Libc.Errno(scratch);
            MemorySegment value = scratch.allocate(JAVA_INT);
            value.set(JAVA_INT, 0, 1);
            check(e, "setsockopt(SO_NO_CHECK)", Libc.setsockopt(e, fd, Abi.SOL_SOCKET, Abi.SO_NO_CHECK, value, 4));
        }
    }

    /** Closes the descriptors and frees the buffers; call after the loop thread has stopped. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try (Arena scratch = Arena.ofConfined()) {
            Libc.Errno e = new Libc.Errno(scratch);
            Libc.close(e, eventFd);
            Libc.close(e, epollFd);
            Libc.close(e, fd);
        }
        arena.close();
    }
}

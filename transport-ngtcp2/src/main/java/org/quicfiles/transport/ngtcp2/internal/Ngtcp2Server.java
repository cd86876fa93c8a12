package org.quicfiles.transport.ngtcp2.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.quicfiles.api.spi.Router;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.transport.ngtcp2.internal.ffi.Abi;
import org.quicfiles.transport.ngtcp2.internal.ffi.Callbacks;
import org.quicfiles.transport.ngtcp2.internal.ffi.ConnectionEvents;
import org.quicfiles.transport.ngtcp2.internal.ffi.Ngtcp2;
import org.quicfiles.transport.ngtcp2.internal.ffi.UdpSocket;

/**
 * The ngtcp2 transport: one UDP socket and one event-loop thread that owns every connection's
 * native state (decision note 0170). Packets are routed to connections by destination connection
 * id; other threads (stream commands) reach a connection only through {@link #execute}. Datagrams
 * are read in batches and sent with GSO where the kernel allows (note 0172, {@link UdpSocket}).
 */
final class Ngtcp2Server implements Transport, ConnectionEvents {
    static final int SCID_LENGTH = 18;
    private static final int RESET_SECRET_LENGTH = 32;
    private static final int MAX_DATAGRAMS_PER_READ = 64;
    /** Datagrams one {@code recvmmsg} reads at most. */
    private static final int RECEIVE_BATCH = 16;
    /** A receive slot: the largest UDP payload there is, so that no valid datagram is cut. */
    private static final int RECEIVE_SLOT = 65_536;
    private static final int SOCKET_BUFFER = 4 << 20;
    /** A client's first datagram is at least this long (RFC 9000 14.1). */
    private static final int MIN_INITIAL_DATAGRAM = 1200;
    /** The longest Stateless Reset sent (RFC 9000 suggests about a regular packet's size; 43 = 1 + 26 + 16). */
    private static final int MAX_STATELESS_RESET = 43;
    /** The QUIC transport error code CONNECTION_REFUSED. */
    private static final long CONNECTION_REFUSED = 0x2;
    /**
     * Connection ids kept routed to closed connections' CONNECTION_CLOSE at most; beyond (a flood of
     * failing handshakes) a closed connection is forgotten at once and Stateless Resets answer.
     */
    private static final int MAX_CLOSING_IDS = 8192;
    /** How long {@link #close()} keeps answering for closed connections at most (their closing period is 3 PTOs). */
    private static final long MAX_SHUTDOWN_LINGER_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final ServerSettings settings;
    private final Router router;
    private final System.Logger logger;
    private final ServerTls tls;
    private final UdpSocket socket;
    private final SendBatch batch;
    private final InetSocketAddress local;
    private final Arena arena = Arena.ofShared();
    private final MemorySegment callbacks;
    private final MemorySegment resetSecret;
    private final MemorySegment versionCid = arena.allocate(Abi.VERSION_CID_SIZE, 8);
    private final MemorySegment header = arena.allocate(Abi.PKT_HD_SIZE, 8);
    private final MemorySegment packetInfo = arena.allocate(Abi.PKT_INFO_SIZE, 8);
    private final MemorySegment pdatalen = arena.allocate(JAVA_LONG);
    /** writev_stream's vectors; between writes also scratch room for version lists and reset tokens. */
    private final MemorySegment vecs = arena.allocate(16 * Abi.VEC_SIZE, 8);
    private final MemorySegment ccerr = arena.allocate(Abi.CCERR_SIZE, 8);
    private final MemorySegment retryScid = arena.allocate(Abi.CID_SIZE, 8);
    private final MemorySegment originalDcid = arena.allocate(Abi.CID_SIZE, 8);
    private final MemorySegment retryToken = arena.allocate(Abi.CRYPTO_MAX_RETRY_TOKENLEN);
    private final MemorySegment clientAddress = arena.allocate(org.quicfiles.transport.ngtcp2.internal.ffi.Sockaddrs.STORAGE_SIZE, 8);
    /** Keys Retry tokens; a fresh one per process (a token lives seconds). */
    private final MemorySegment retrySecret = arena.allocate(RESET_SECRET_LENGTH);
    private final SecureRandom random = new SecureRandom();
    private final org.quicfiles.bridge.RequestMemoryBudget requestBudget;
    private final SendMemory sendMemory;
    private final org.quicfiles.bridge.AbuseLog abuse;
    private final org.quicfiles.bridge.TransportMetrics metrics;
    private final FailureLog failures;

    private final Map<Cid, ServerConnection> routes = new HashMap<>();
    /** Connection ids of connections in their closing period (RFC 9000 10.2.1). */
    private final Map<Cid, Closing> closing = new HashMap<>();
    private final Map<Long, ServerConnection> connections = new HashMap<>();
    /**
     * The same connections ordered by their next ngtcp2 timer (then id): the loop finds its next
     * deadline and the due connections without walking all of them at every wake-up, which cost
     * each request O(connections) with many quiet clients connected. A connection's expiry changes
     * only through {@link #reschedule}, which keeps the order.
     */
    private final java.util.TreeSet<ServerConnection> byExpiry = new java.util.TreeSet<>(
            java.util.Comparator.<ServerConnection>comparingLong(ServerConnection::expiry)
                    .thenComparingLong(ServerConnection::id));
    private final ArrayDeque<ServerConnection> dirty = new ArrayDeque<>();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    /** ngtcp2's qlog callback when {@code transport.qlog-dir} is set, NULL otherwise. */
    private final MemorySegment qlogWrite;
    /** Open qlog traces by connection number (loop thread). */
    private final Map<Long, QlogFile> qlogs = new HashMap<>();
    /** Set by {@link #vanish()}: stop without a word to the peers. */
    private volatile boolean vanish;
    /** Set when the loop has ended: a task posted later runs on its poster's thread (it finds its connection closed). */
    private volatile boolean loopDone;
    /** {@code connections.size()}, readable from any thread (tests, metrics). */
    private volatile int openConnections;
    private long nextConnectionId = 1;
    /** Connections whose handshake has not completed (loop thread). */
    private int handshakesInProgress;
    /** Connections ever accepted, for tests (any thread). */
    private volatile long handshakesStarted;
    /** Streams opened by 0-RTT data (loop thread writes; any thread reads). */
    private volatile long earlyDataStreams;
    private long timerSequence;

    /**
     * A closed connection's CONNECTION_CLOSE, sent again to the path ngtcp2 chose for it when more
     * packets arrive for the connection: on the 1st, 2nd, 4th, 8th … packet (rate-limited, and never
     * to another address, so it cannot be turned into a reflector).
     */
    private static final class Closing {
        final byte[] packet;
        final InetSocketAddress peer;
        int received;

        Closing(byte[] packet, InetSocketAddress peer) {
            this.packet = packet;
            this.peer = peer;
        }
    }

    private record Timer(long deadline, long sequence, Runnable action) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            int byTime = Long.compare(deadline, other.deadline);
            return byTime != 0 ? byTime : Long.compare(sequence, other.sequence);
        }
    }

    private Ngtcp2Server(ServerSettings settings, TransportContext context, ServerTls tls, UdpSocket socket)
            throws IOException {
        this.settings = settings;
        this.router = context.router();
        this.logger = context.logger();
        this.tls = tls;
        this.socket = socket;
        this.batch = new SendBatch(socket, settings.maxUdpPayload(), arena, logger);
        this.local = socket.localAddress();
        this.requestBudget = new org.quicfiles.bridge.RequestMemoryBudget(settings.requestMemory());
        this.metrics = new org.quicfiles.bridge.TransportMetrics(context.meters(), context.router());
        this.abuse = new org.quicfiles.bridge.AbuseLog(logger, settings.abuseLogInterval(), System::nanoTime, metrics);
        this.sendMemory = new SendMemory(settings.sendMemory());
        byte[] retryKey = new byte[RESET_SECRET_LENGTH];
        random.nextBytes(retryKey);
        MemorySegment.copy(retryKey, 0, retrySecret, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, retryKey.length);
        this.failures = new FailureLog(logger);
        this.callbacks = Callbacks.create(Callbacks.Role.SERVER, this, e -> failures.report("ngtcp2 callback",
                "an ngtcp2 callback threw, its connection is closed with INTERNAL_ERROR: " + e, e), arena);
        this.qlogWrite = settings.qlog() ? qlogUpcall() : MemorySegment.NULL;
        byte[] secret = resetSecret(context.identity());
        this.resetSecret = arena.allocate(RESET_SECRET_LENGTH);
        MemorySegment.copy(secret, 0, resetSecret, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, secret.length);
        this.thread = Thread.ofPlatform().name("quicfiles-ngtcp2").daemon().unstarted(this::run);
    }

    /**
     * The secret stateless reset tokens are derived from: a hash of the identity key, so that it
     * survives a restart (a client of the previous process is reset at once instead of timing out)
     * and needs no configuration; servers sharing one key share it, as they share the identity.
     */
    private static byte[] resetSecret(java.security.KeyPair identity) throws IOException {
        try {
            byte[] seed = ((java.security.interfaces.EdECPrivateKey) identity.getPrivate()).getBytes()
                    .orElseThrow(() -> new IOException("the identity's private key cannot be exported"));
            java.security.MessageDigest sha256 = java.security.MessageDigest.getInstance("SHA-256");
            sha256.update("quicfiles stateless reset secret v1".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return sha256.digest(seed);
        } catch (java.security.NoSuchAlgorithmException | ClassCastException e) {
            throw new IOException("cannot derive the stateless reset secret: " + e.getMessage(), e);
        }
    }

    static Ngtcp2Server start(TransportContext context) throws IOException {
        ServerSettings settings = ServerSettings.from(context.config());
        InetSocketAddress bind = settings.bindAddress();
        if (settings.qlog()) {
            try {
                java.nio.file.Files.createDirectories(java.nio.file.Path.of(settings.qlogDir()));
            } catch (IOException | RuntimeException e) {
                throw new IOException("transport.qlog-dir: cannot create " + settings.qlogDir() + ": " + e.getMessage(), e);
            }
        }
        ServerTls tls = ServerTls.create(context.identity(), settings.zeroRtt());
        UdpSocket socket = null;
        try {
            socket = UdpSocket.open(bind, SOCKET_BUFFER, RECEIVE_BATCH, RECEIVE_SLOT);
            Ngtcp2Server server = new Ngtcp2Server(settings, context, tls, socket);
            server.flushAbuseLogEvery(settings.abuseLogInterval().toNanos());
            server.thread.start();
            context.logger().log(System.Logger.Level.INFO, "ngtcp2 transport listening on " + server.localAddress()
                    + " via " + server.describe() + " (ngtcp2 " + Ngtcp2.versionString() + ", GnuTLS; raw public keys and X.509; "
                    + (socket.gso() ? "GSO" : "no GSO: " + socket.gsoProblem()) + ")");
            return server;
        } catch (IOException | RuntimeException e) {
            tls.close();
            if (socket != null) {
                socket.close();
            }
            if (e instanceof IOException io) {
                throw new IOException("cannot bind QUIC (ngtcp2) on " + bind + ": " + io.getMessage(), io);
            }
            throw e;
        }
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public String describe() {
        return "quic/ngtcp2";
    }

    // ---- the loop ----

    private void run() {
        try {
            while (running) {
                long now = System.nanoTime();
                long wait = nextDeadline() - now;
                boolean readable;
                if (!tasks.isEmpty() || !dirty.isEmpty() || wait <= 0) {
                    readable = socket.await(0);
                } else {
                    readable = socket.await(waitMillis(wait));
                }
                wakeupPending.set(false);
                runTasks();
                if (readable) {
                    receive();
                }
                now = System.nanoTime();
                runTimers(now);
                flush(now);
                batch.flush();
            }
        } catch (Throwable e) {
            logger.log(System.Logger.Level.ERROR, "ngtcp2 event loop failed; the transport stops", e);
        } finally {
            try {
                batch.flush();
                for (ServerConnection connection : new ArrayList<>(connections.values())) {
                    if (vanish) {
                        connection.close();
                    } else {
                        connection.shutdown(System.nanoTime());
                    }
                }
                batch.flush();
                if (!vanish) {
                    linger();
                }
            } catch (Throwable e) {
                logger.log(System.Logger.Level.WARNING, "ngtcp2 transport: shutting connections down failed", e);
            } finally {
                loopDone = true;
                runTasks(); // what command threads posted last: each frees what it carries
                stopped.countDown();
            }
        }
    }

    /**
     * After the shutdown's CONNECTION_CLOSEs: keeps reading while connections are in their closing
     * period (at most {@link #MAX_SHUTDOWN_LINGER_NANOS}), so that a peer whose close was lost gets
     * it again instead of waiting for its idle timeout. No new connection is accepted.
     */
    private void linger() throws IOException {
        long end = System.nanoTime() + MAX_SHUTDOWN_LINGER_NANOS;
        long now;
        while (!closing.isEmpty() && (now = System.nanoTime()) < end) {
            long until = Math.min(end, timers.isEmpty() ? end : timers.peek().deadline());
            boolean readable = socket.await(waitMillis(until - now));
            runTasks();
            if (readable) {
                receive();
            }
            runTimers(System.nanoTime());
            batch.flush();
        }
    }

    /** A wait of {@code nanos} for {@code epoll_wait}: whole milliseconds, rounded up, at least one. */
    private static int waitMillis(long nanos) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos) + 1));
    }

    private long nextDeadline() {
        long next = timers.isEmpty() ? Long.MAX_VALUE : timers.peek().deadline();
        if (!byExpiry.isEmpty()) {
            next = Math.min(next, byExpiry.first().expiry());
        }
        return next == Long.MAX_VALUE ? System.nanoTime() + TimeUnit.SECONDS.toNanos(1) : next;
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                failures.report("event-loop task", "ngtcp2 transport task failed: " + e, e);
            }
        }
    }

    private void receive() throws IOException {
        for (int read = 0; read < MAX_DATAGRAMS_PER_READ; ) {
            int n = socket.receive();
            for (int i = 0; i < n; i++) {
                int length = socket.length(i);
                if (length < 0) {
                    continue; // longer than any datagram QUIC allows
                }
                try {
                    onDatagram(socket.datagram(i), length, socket.from(i), System.nanoTime());
                } catch (RuntimeException e) {
                    failures.report("datagram", "dropped a datagram from " + socket.from(i) + ": " + e, e);
                }
            }
            if (n < RECEIVE_BATCH) {
                return;
            }
            read += n;
        }
    }

    private void onDatagram(MemorySegment packet, int length, InetSocketAddress from, long now) {
        int rv = Ngtcp2.pktDecodeVersionCid(versionCid, packet, length, SCID_LENGTH);
        if (rv == Abi.ERR_VERSION_NEGOTIATION) {
            negotiateVersion(length, from);
            return;
        }
        if (rv != 0) {
            return; // garbage
        }
        long dcidLength = versionCid.get(JAVA_LONG, Abi.VERSION_CID_DCIDLEN);
        Cid dcid = Cid.of(versionCid.get(ADDRESS, Abi.VERSION_CID_DCID), dcidLength);
        ServerConnection connection = routes.get(dcid);
        if (connection == null) {
            Closing closed = closing.get(dcid);
            if (closed != null) {
                if (Integer.bitCount(++closed.received) == 1) {
                    send(closed.packet, closed.peer);
                }
                return;
            }
            if (!running) {
                return; // shutting down
            }
            if ((packet.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) & 0x80) == 0) {
                statelessReset(packet, length, from);
                return; // a short header for a connection this process does not know
            }
            if (Ngtcp2.accept(header, packet, length) != 0) {
                return; // not an Initial that may start a connection
            }
            if (connections.size() >= settings.maxConnections()) {
                refuse(from);
                return;
            }
            MemorySegment retried = null;
            MemorySegment.copy(header, Abi.PKT_HD_DCID, originalDcid, 0, Abi.CID_SIZE);
            long tokenLength = header.get(JAVA_LONG, Abi.PKT_HD_TOKEN_LEN);
            if (tokenLength > 0) {
                if (!validRetryToken(tokenLength, from, now)) {
                    return; // forged, expired, for another address, or a NEW_TOKEN token we never issue: drop
                }
                retried = header.asSlice(Abi.PKT_HD_DCID, Abi.CID_SIZE); // the SCID our Retry chose
            } else if (retryNow()) {
                sendRetry(from, now);
                return;
            }
            long id = nextConnectionId++;
            connection = ServerConnection.accept(id, this, header, originalDcid, retried, local, from, now);
            if (connection == null) {
                return;
            }
            connections.put(id, connection);
            byExpiry.add(connection);
            handshakesInProgress++;
            handshakesStarted++;
            openConnections = connections.size();
        }
        connection.read(packet, length, from, now);
    }

    /**
     * Answers a long-header packet of an unknown version with the versions we speak (RFC 9000
     * 6.1), only for datagrams of at least 1,200 bytes, as a client's first flight is, so that
     * the answer is never larger than what provoked it.
     */
    private void negotiateVersion(int length, InetSocketAddress from) {
        if (length < MIN_INITIAL_DATAGRAM) {
            return;
        }
        MemorySegment versions = vecs.asSlice(0, 4);
        versions.set(java.lang.foreign.ValueLayout.JAVA_INT, 0, Abi.PROTO_VER_V1);
        long n = Ngtcp2.pktWriteVersionNegotiation(batch.room(), settings.maxUdpPayload(), (byte) random.nextInt(),
                versionCid.get(ADDRESS, Abi.VERSION_CID_SCID), versionCid.get(JAVA_LONG, Abi.VERSION_CID_SCIDLEN),
                versionCid.get(ADDRESS, Abi.VERSION_CID_DCID), versionCid.get(JAVA_LONG, Abi.VERSION_CID_DCIDLEN),
                versions, 1);
        if (n > 0) {
            send(n, from);
        } else {
            nativeFailure("ngtcp2_pkt_write_version_negotiation", n);
        }
    }

    /**
     * Answers a short-header packet for an unknown connection with a Stateless Reset whose token
     * the connection id's owner would have announced (RFC 9000 10.3): after a restart, or for a
     * connection already forgotten, the peer stops at once instead of waiting for its idle timeout.
     * The reset is always shorter than the packet that provoked it, so two endpoints cannot loop.
     */
    private void statelessReset(MemorySegment packet, int length, InetSocketAddress from) {
        int total = Math.min(length - 1, MAX_STATELESS_RESET);
        int randomLength = total - Abi.STATELESS_RESET_TOKENLEN;
        if (randomLength < Abi.MIN_STATELESS_RESET_RANDLEN) {
            return;
        }
        MemorySegment cid = header.asSlice(0, Abi.CID_SIZE); // scratch: no Initial is being accepted now
        cid.set(JAVA_LONG, Abi.CID_DATALEN, SCID_LENGTH);
        MemorySegment.copy(packet, 1, cid, Abi.CID_DATA, SCID_LENGTH);
        MemorySegment token = vecs.asSlice(0, Abi.STATELESS_RESET_TOKENLEN);
        resetToken(token, cid);
        byte[] noise = new byte[randomLength];
        random.nextBytes(noise);
        MemorySegment randomBytes = vecs.asSlice(Abi.STATELESS_RESET_TOKENLEN, randomLength);
        MemorySegment.copy(noise, 0, randomBytes, java.lang.foreign.ValueLayout.JAVA_BYTE, 0, randomLength);
        long n = Ngtcp2.pktWriteStatelessReset(batch.room(), settings.maxUdpPayload(), token, randomBytes, randomLength);
        if (n > 0) {
            send(n, from);
        } else {
            nativeFailure("ngtcp2_pkt_write_stateless_reset", n);
        }
    }

    /** Whether a token-less Initial gets a Retry now ({@code transport.retry}, as on the Netty transport). */
    private boolean retryNow() {
        return switch (settings.retry()) {
            case OFF -> false;
            case ON -> true;
            case AUTO -> handshakesInProgress > settings.retryAutoHandshakes()
                    || connections.size() > settings.maxConnections() / 2;
        };
    }

    /** Answers the Initial in {@link #header} with a Retry whose token binds the client's address and first DCID. */
    private void sendRetry(InetSocketAddress from, long now) {
        int version = header.get(java.lang.foreign.ValueLayout.JAVA_INT, Abi.PKT_HD_VERSION);
        randomCid(retryScid, SCID_LENGTH);
        int addressLength = org.quicfiles.transport.ngtcp2.internal.ffi.Sockaddrs.write(clientAddress, from);
        long tokenLength = Ngtcp2.cryptoGenerateRetryToken(retryToken, retrySecret, RESET_SECRET_LENGTH, version,
                clientAddress, addressLength, retryScid, originalDcid, now);
        if (tokenLength < 0) {
            nativeFailure("ngtcp2_crypto_generate_retry_token", tokenLength);
            return;
        }
        long n = Ngtcp2.cryptoWriteRetry(batch.room(), settings.maxUdpPayload(), version,
                header.asSlice(Abi.PKT_HD_SCID, Abi.CID_SIZE), retryScid, originalDcid, retryToken, tokenLength);
        if (n > 0) {
            send(n, from);
        } else {
            nativeFailure("ngtcp2_crypto_write_retry", n);
        }
    }

    /** Checks the Initial's token; on success {@link #originalDcid} holds the DCID of the client's first Initial. */
    private boolean validRetryToken(long tokenLength, InetSocketAddress from, long now) {
        MemorySegment token = header.get(ADDRESS, Abi.PKT_HD_TOKEN).reinterpret(tokenLength);
        if ((token.get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0) & 0xff) != Abi.CRYPTO_TOKEN_MAGIC_RETRY) {
            return false;
        }
        int addressLength = org.quicfiles.transport.ngtcp2.internal.ffi.Sockaddrs.write(clientAddress, from);
        return Ngtcp2.cryptoVerifyRetryToken(originalDcid, token, tokenLength, retrySecret, RESET_SECRET_LENGTH,
                header.get(java.lang.foreign.ValueLayout.JAVA_INT, Abi.PKT_HD_VERSION), clientAddress, addressLength,
                header.asSlice(Abi.PKT_HD_DCID, Abi.CID_SIZE), settings.retryTokenLifetime().toNanos(), now) == 0;
    }

    /** A connection's handshake completed, or it closed before it did. */
    void handshakeFinished() {
        handshakesInProgress--;
    }

    /**
     * The {@code ngtcp2_qlog_write} to put in a new connection's settings (NULL: no trace), after
     * opening its trace file; a file that cannot be created is logged and the connection goes on.
     */
    MemorySegment startQlog(long connection, String originalDcid) {
        if (qlogWrite.equals(MemorySegment.NULL)) {
            return MemorySegment.NULL;
        }
        try {
            qlogs.put(connection, QlogFile.create(java.nio.file.Path.of(settings.qlogDir()), originalDcid, connection, logger));
            return qlogWrite;
        } catch (IOException | RuntimeException e) {
            // once per process: every Initial would log it again (a full disk, a read-only directory)
            failures.report("qlog", "no qlog trace for connection " + connection + ": " + e.getMessage(), null);
            return MemorySegment.NULL;
        }
    }

    /** Closes a connection's trace (after ngtcp2_conn_del, which writes its last lines). */
    void endQlog(long connection) {
        QlogFile file = qlogs.remove(connection);
        if (file != null) {
            file.close();
        }
    }

    private MemorySegment qlogUpcall() {
        java.lang.foreign.FunctionDescriptor descriptor = java.lang.foreign.FunctionDescriptor.ofVoid(
                java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.JAVA_INT,
                java.lang.foreign.ValueLayout.ADDRESS, java.lang.foreign.ValueLayout.JAVA_LONG);
        return org.quicfiles.transport.ngtcp2.internal.ffi.NativeLibs.upcall(java.lang.invoke.MethodHandles.lookup(),
                this, "qlogWrite", descriptor, arena);
    }

    /** Upcall from ngtcp2 (loop thread): qlog text for the connection whose user data is {@code userData}. */
    private void qlogWrite(MemorySegment userData, int flags, MemorySegment data, long length) {
        try {
            QlogFile file = qlogs.get(userData.address());
            if (file != null) {
                file.write(data.reinterpret(length));
            }
        } catch (Throwable e) {
            // nothing may unwind into native code; a trace is diagnostics, the connection goes on
        }
    }

    /** A client opened a stream with 0-RTT data. */
    void earlyDataStreamOpened() {
        earlyDataStreams++;
    }

    /** Streams that clients opened with 0-RTT data since start-up (any thread; for tests and logs). */
    long earlyDataStreams() {
        return earlyDataStreams;
    }

    /** Early-data ClientHellos refused as replays since start-up (any thread; for tests). */
    long replaysRefused() {
        return tls.replaysRefused();
    }

    /** Connections accepted since start-up (any thread; for tests). */
    long handshakesStarted() {
        return handshakesStarted;
    }

    /** CONNECTION_CLOSE with CONNECTION_REFUSED for the Initial in {@link #header}: the client learns at once. */
    private void refuse(InetSocketAddress from) {
        long n = Ngtcp2.cryptoWriteConnectionClose(batch.room(), settings.maxUdpPayload(),
                header.get(java.lang.foreign.ValueLayout.JAVA_INT, Abi.PKT_HD_VERSION),
                header.asSlice(Abi.PKT_HD_SCID, Abi.CID_SIZE), header.asSlice(Abi.PKT_HD_DCID, Abi.CID_SIZE),
                CONNECTION_REFUSED);
        if (n > 0) {
            send(n, from);
        } else {
            nativeFailure("ngtcp2_crypto_write_connection_close", n);
        }
        abuse.record(org.quicfiles.bridge.AbuseLog.Cause.MAX_CONNECTIONS);
    }

    private void runTimers(long now) {
        while (!timers.isEmpty() && timers.peek().deadline() <= now) {
            timers.poll().action().run();
        }
        if (byExpiry.isEmpty() || byExpiry.first().expiry() > now) {
            return;
        }
        List<ServerConnection> due = new ArrayList<>();
        for (ServerConnection connection : byExpiry) {
            if (connection.expiry() > now) {
                break;
            }
            due.add(connection);
        }
        // handling one may close it (and so change byExpiry), never another one
        for (ServerConnection connection : due) {
            if (!connection.closed()) {
                connection.handleExpiry(now);
            }
        }
    }

    private void flush(long now) {
        int rounds = dirty.size();
        for (int i = 0; i < rounds; i++) {
            ServerConnection connection = dirty.poll();
            if (connection != null && !connection.closed()) {
                connection.flush(now);
            }
        }
    }

    // ---- for connections (loop thread) ----

    void markDirty(ServerConnection connection) {
        dirty.add(connection);
    }

    private void flushAbuseLogEvery(long intervalNanos) {
        schedule(intervalNanos, () -> {
            abuse.flush();
            flushAbuseLogEvery(intervalNanos);
        });
    }

    /** What the limits cut off, one line per cause per interval (any thread). */
    org.quicfiles.bridge.TransportMetrics metrics() {
        return metrics;
    }

    org.quicfiles.bridge.AbuseLog abuse() {
        return abuse;
    }

    void schedule(long delayNanos, Runnable action) {
        timers.add(new Timer(System.nanoTime() + delayNanos, timerSequence++, action));
    }

    void route(Cid cid, ServerConnection connection) {
        routes.put(cid, connection);
    }

    void unroute(Cid cid) {
        routes.remove(cid);
    }

    void forget(ServerConnection connection, List<Cid> cids) {
        for (Cid cid : cids) {
            routes.remove(cid, connection);
        }
        connections.remove(connection.id());
        byExpiry.remove(connection);
        openConnections = connections.size();
    }

    /** Moves a connection's next timer to {@code expiry}, keeping {@link #byExpiry} in order. */
    void reschedule(ServerConnection connection, long expiry) {
        boolean known = byExpiry.remove(connection);
        connection.expiry(expiry);
        if (known) {
            byExpiry.add(connection);
        }
    }

    /**
     * Keeps {@code cids} of a connection that just closed routed to its CONNECTION_CLOSE
     * {@code packet} for {@code periodNanos} (the closing period), then forgets them.
     */
    void closing(List<Cid> cids, byte[] packet, InetSocketAddress peer, long periodNanos) {
        if (closing.size() + cids.size() > MAX_CLOSING_IDS) {
            return;
        }
        Closing entry = new Closing(packet, peer);
        List<Cid> ids = List.copyOf(cids);
        for (Cid cid : ids) {
            closing.put(cid, entry);
        }
        schedule(periodNanos, () -> ids.forEach(cid -> closing.remove(cid, entry)));
    }

    /** The peers' addresses on the current paths of the open connections (any thread; for tests). */
    List<InetSocketAddress> peerAddresses() throws IOException {
        java.util.concurrent.CompletableFuture<List<InetSocketAddress>> peers = new java.util.concurrent.CompletableFuture<>();
        execute(() -> peers.complete(connections.values().stream().map(ServerConnection::remote).toList()));
        try {
            return peers.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the event loop did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Timers waiting on the event loop (any thread; for tests). */
    int pendingTimers() throws IOException {
        java.util.concurrent.CompletableFuture<Integer> count = new java.util.concurrent.CompletableFuture<>();
        execute(() -> count.complete(timers.size()));
        try {
            return count.get(10, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new IOException("the event loop did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Connections open now (any thread; for tests and metrics). */
    int openConnections() {
        return openConnections;
    }

    private void send(byte[] packet, InetSocketAddress to) {
        MemorySegment.copy(packet, 0, batch.room(), java.lang.foreign.ValueLayout.JAVA_BYTE, 0, packet.length);
        send(packet.length, to);
    }

    /** The packet of {@code length} bytes just written into {@link #sendSegment()} goes to {@code to}. */
    void send(long length, InetSocketAddress to) {
        batch.add(length, to);
    }

    void randomCid(MemorySegment cid, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        cid.set(JAVA_LONG, Abi.CID_DATALEN, length);
        MemorySegment.copy(bytes, 0, cid, java.lang.foreign.ValueLayout.JAVA_BYTE, Abi.CID_DATA, length);
    }

    void resetToken(MemorySegment token, MemorySegment cid) {
        int rv = Ngtcp2.cryptoGenerateStatelessResetToken(token, resetSecret, RESET_SECRET_LENGTH, cid);
        if (rv != 0) {
            throw new IllegalStateException("ngtcp2_crypto_generate_stateless_reset_token failed (" + rv + ")");
        }
    }

    /** The server-wide stream-0 memory budget (any thread; tests read it too). */
    SendMemory sendMemory() {
        return sendMemory;
    }

    org.quicfiles.bridge.RequestMemoryBudget requestBudget() {
        return requestBudget;
    }

    ServerSettings settings() {
        return settings;
    }

    /** Where failures on the server's side are logged, once per site at WARNING (any thread). */
    FailureLog failures() {
        return failures;
    }

    /**
     * A stateless answer could not be written: with our fixed buffers and arguments that is a bug
     * or a library change, never the peer's doing, so it is logged (once) and the packet dropped.
     */
    private void nativeFailure(String function, long rv) {
        failures.report(function, function + " failed: " + Ngtcp2.strerror((int) rv) + " (" + rv + "); no answer sent", null);
    }

    Router router() {
        return router;
    }

    System.Logger logger() {
        return logger;
    }

    ServerTls tls() {
        return tls;
    }

    MemorySegment callbacks() {
        return callbacks;
    }

    MemorySegment packetInfo() {
        packetInfo.fill((byte) 0);
        return packetInfo;
    }

    MemorySegment pdatalen() {
        return pdatalen;
    }

    MemorySegment vecs() {
        return vecs;
    }

    MemorySegment ccerr() {
        ccerr.fill((byte) 0);
        return ccerr;
    }

    /** Where the next packet is written ({@code maxUdpPayload} bytes); hand it over with {@link #send}. */
    MemorySegment sendSegment() {
        return batch.room();
    }

    /** The socket, for its counters (tests). */
    UdpSocket socket() {
        return socket;
    }

    /** Runs {@code task} on the event loop (any thread). */
    void execute(Runnable task) {
        tasks.add(task);
        if (loopDone) {
            runTasks();
        } else if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            socket.wakeup();
        }
    }

    // ---- ConnectionEvents: from inside ngtcp2 calls on the loop ----

    private ServerConnection connection(long id) {
        ServerConnection connection = connections.get(id);
        if (connection == null) {
            throw new IllegalStateException("callback for unknown connection " + id);
        }
        return connection;
    }

    @Override
    public int streamData(long conn, long streamId, MemorySegment data, boolean fin) {
        return connection(conn).onStreamData(streamId, data, fin);
    }

    @Override
    public void earlyStreamData(long conn, long streamId) {
        connection(conn).onEarlyStreamData(streamId);
    }

    @Override
    public int streamDataAcked(long conn, long streamId, long offset, long length) {
        return connection(conn).onAcked(streamId, offset, length);
    }

    @Override
    public int streamClosed(long conn, long streamId, long code) {
        return connection(conn).onStreamClosed(streamId, code);
    }

    @Override
    public int streamReset(long conn, long streamId, long code) {
        return connection(conn).onStreamReset(streamId, code);
    }

    @Override
    public int streamStopSending(long conn, long streamId, long code) {
        return connection(conn).onStopSending(streamId, code);
    }

    @Override
    public int streamWindowOpened(long conn, long streamId) {
        return connection(conn).onWindowOpened(streamId);
    }

    @Override
    public int newConnectionId(long conn, MemorySegment cid, MemorySegment token, long length) {
        ServerConnection connection = connection(conn);
        randomCid(cid, (int) length);
        resetToken(token, cid);
        connection.onNewConnectionId(Cid.of(cid));
        return 0;
    }

    @Override
    public int connectionIdRetired(long conn, MemorySegment cid) {
        connection(conn).onConnectionIdRetired(Cid.of(cid));
        return 0;
    }

    /**
     * For tests: stops as a killed process would, telling no peer (no CONNECTION_CLOSE, no
     * closing period); what the server keeps is freed as by {@link #close()}.
     */
    void vanish() {
        vanish = true;
        close();
    }

    @Override
    public void close() {
        if (!running) {
            return;
        }
        running = false;
        socket.wakeup();
        try {
            if (!stopped.await(5, TimeUnit.SECONDS)) {
                logger.log(System.Logger.Level.WARNING, "ngtcp2 event loop did not stop within 5 s");
                return; // its native state stays: freeing it under a live loop would crash
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        socket.close();
        tls.close();
        arena.close();
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.quicfiles.protocol.Bt;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.FrameParser;
import org.quicfiles.protocol.GetHead;
import org.quicfiles.protocol.HeaderBlockParser;
import org.quicfiles.protocol.Wire;
import org.quicfiles.transport.ngtcp2.internal.ffi.Abi;
import org.quicfiles.transport.ngtcp2.internal.ffi.Callbacks;
import org.quicfiles.transport.ngtcp2.internal.ffi.ConnectionEvents;
import org.quicfiles.transport.ngtcp2.internal.ffi.GnuTls;
import org.quicfiles.transport.ngtcp2.internal.ffi.Libc;
import org.quicfiles.transport.ngtcp2.internal.ffi.NativeLibs;
import org.quicfiles.transport.ngtcp2.internal.ffi.Ngtcp2;
import org.quicfiles.transport.ngtcp2.internal.ffi.Sockaddrs;

/**
 * A QUIC client on the module's ngtcp2 + GnuTLS bindings that sets itself up as Session's libquic
 * 1.2.0 client does, standing in for it where libquic cannot be built (CI):
 *
 * <ul>
 *   <li>GnuTLS client session with {@code GNUTLS_ENABLE_RAWPK | GNUTLS_NO_AUTO_SEND_TICKET}, libquic
 *       1.2.0's priority string {@link #PRIORITY} (TLS 1.3 compatibility mode left on: the
 *       ClientHello carries a 32-byte {@code legacy_session_id}), its own Ed25519 key as a raw public
 *       key credential, SNI {@code localhost}, ALPN {@code quic-files} (mandatory), and a verify
 *       callback on the credentials that accepts only a raw public key equal to the pinned one;</li>
 *   <li>ngtcp2 client connection with an 18-byte DCID and a 17-byte SCID, version 1, and libquic's
 *       transport parameters and settings (15 MiB / 6 MiB windows, 32 bidirectional and no
 *       unidirectional streams, 30 s idle, 4 connection ids, 1,452-byte UDP payload, CUBIC, 10 s
 *       handshake timeout);</li>
 *   <li>stream 0 opened at connect, as libquic clients do, and one bidirectional stream per file
 *       command.</li>
 * </ul>
 *
 * <p>Every native call runs on the client's own event-loop thread, which owns a confined
 * {@link Arena} for the connection's structs and upcall stubs; the blocking methods post tasks to
 * it and wait (each wait bounded by the hang guard, so that a broken server fails a test instead of
 * hanging it). Stream data handed to ngtcp2 lives in {@code malloc}ed chunks until acknowledged.
 */
final class LibquicClient implements AutoCloseable {
    /** libquic 1.2.0's GnuTLS priority string (client and server alike). */
    static final String PRIORITY = "NORMAL:+ECDHE-PSK:+PSK:+ECDHE-ECDSA:+AES-128-CCM-8:+CTYPE-CLI-ALL:+CTYPE-SRV-ALL:+SHA256";
    static final int DCID_LENGTH = 18;
    static final int SCID_LENGTH = 17;
    static final int MAX_UDP_PAYLOAD = 1452;
    static final long MAX_DATA = 15L << 20;
    static final long MAX_STREAM_DATA = 6L << 20;
    static final long MAX_WINDOW = 24L << 20;
    static final long MAX_STREAM_WINDOW = 16L << 20;
    static final long MAX_STREAMS_BIDI = 32;
    static final long ACTIVE_CONNECTION_ID_LIMIT = 4;
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);
    static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(10);

    /** The 12 bytes before the key in an Ed25519 SubjectPublicKeyInfo. */
    private static final byte[] ED25519_SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int MAX_VECS = 16;
    private static final int MAX_PACKETS_PER_FLUSH = 64;
    private static final int MAX_DATAGRAMS_PER_READ = 64;
    private static final int BUFFER_SIZE = 65_536;
    private static final long CONN_USER_DATA = 1;

    private final Duration hangGuard;
    private final java.util.concurrent.Executor loops;
    private final KeyPair clientKey;
    private final SecureRandom random = new SecureRandom();

    // ---- shared between the caller threads and the loop ----
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> terminated = new CompletableFuture<>();
    private final CompletableFuture<Resumption> ticket = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Frame>> pendingRequests = new ConcurrentHashMap<>();
    private final Set<ClientStream> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextRequestId = new AtomicLong();
    private volatile Selector selector;
    /** Set by {@link #connect}: the loop has been handed to its thread. */
    private volatile boolean started;
    private volatile boolean stopping;
    /** Stop without a CONNECTION_CLOSE (see {@link #abandon}). */
    private volatile boolean silent;
    private volatile IOException failure;
    private volatile int clientHelloSessionIdLength = -1;
    private volatile boolean clientHelloHadHeader;
    private volatile String verifyFailure;
    /** Streams waiting for the server's MAX_STREAMS (for the hang guard's message). */
    private volatile int blockedOpens;
    private volatile boolean earlyDataAccepted;
    /** Copies of the first {@link #recordLimit} datagrams sent, for replay and fuzz tests. */
    private final List<byte[]> sent = java.util.Collections.synchronizedList(new ArrayList<>());
    private volatile int recordLimit = 16;
    /** How many of {@link #sent} left before any datagram arrived: the first flight. */
    private volatile int firstFlightLength;
    private volatile boolean receivedAny;
    /** The local address of the socket the connection started on. */
    private volatile InetSocketAddress localAddress;
    /** Set before the loop starts: the earlier session this client resumes, and its first command. */
    private Resumption resuming;
    private byte[] earlyCommand;
    private volatile String alpn = Wire.ALPN;
    private volatile CloseError closeError;
    /** Inbound datagrams still to be discarded unread ({@link #dropNextDatagrams}). */
    private final java.util.concurrent.atomic.AtomicInteger toDrop = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger dropped = new java.util.concurrent.atomic.AtomicInteger();

    // ---- the loop's own (never touched by other threads) ----
    private Arena arena;
    /** The local sockets, each with its path; the first is the one the connection started on. */
    private final List<Route> routes = new ArrayList<>();
    private InetSocketAddress serverAddress;
    private byte[] pinnedKey;
    private MemorySegment conn = MemorySegment.NULL;
    private MemorySegment session = MemorySegment.NULL;
    private MemorySegment credentials = MemorySegment.NULL;
    /** Filled by ngtcp2 with the path of each packet it writes. */
    private MemorySegment sendPath;
    private MemorySegment sendLocal;
    private MemorySegment packetInfo;
    private MemorySegment pdatalen;
    private MemorySegment vecs;
    private MemorySegment pstreamId;
    private MemorySegment pcount;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final MemorySegment receiveSegment = MemorySegment.ofBuffer(receiveBuffer);
    private final ByteBuffer sendBuffer = ByteBuffer.allocateDirect(BUFFER_SIZE);
    private final MemorySegment sendSegment = MemorySegment.ofBuffer(sendBuffer);
    private final Map<Long, ClientStream> streams = new HashMap<>();
    private final StreamPacketWriter<ClientStream> writer = new StreamPacketWriter<>(stream -> stream.id, stream -> stream.send);
    private final ArrayDeque<ClientStream> waitingToOpen = new ArrayDeque<>();
    private final List<Runnable> afterCall = new ArrayList<>();
    private final FrameParser replies = new FrameParser();
    private ClientStream requestStream;
    private boolean handshakeDone;
    private boolean dead;
    private boolean moreToSend;
    private long expiry = Long.MAX_VALUE;
    private Throwable callbackFailure;
    /** Bytes received on, and acknowledged by the server on, file streams (not stream 0). */
    private long fileBytesReceived;
    private long fileBytesAcked;
    private final List<ProgressWaiter> progressWaiters = new ArrayList<>();
    private PendingMigration pendingMigration;
    /** The socket a pending migration will move to, opened at its first attempt. */
    private Route migrationRoute;

    /** A local socket and the ngtcp2 path (local address, the server's) it stands for. */
    private record Route(DatagramChannel channel, InetSocketAddress local, MemorySegment path, MemorySegment localAddress,
                         int localLength) {
    }

    /** A migration waiting for its transfer thresholds, then for ngtcp2 to allow it. */
    private record PendingMigration(long received, long acked, long receivedBefore, long ackedBefore,
                                    CompletableFuture<Migration> done) {
    }

    private record ProgressWaiter(long received, long acked, CompletableFuture<Void> done) {
    }

    /** A migration that happened: the local addresses, and the file-stream bytes moved between {@link #migrateWhen} and it. */
    record Migration(InetSocketAddress from, InetSocketAddress to, long received, long acked) {
    }

    /** The CONNECTION_CLOSE the server sent (a Stateless Reset reads as transport error 0). */
    record CloseError(boolean application, long code) {
        @Override
        public String toString() {
            return (application ? "application" : "transport") + " error 0x" + Long.toHexString(code);
        }
    }

    /** What the client's streams send, counted but not limited. */
    private static final SendMemory SEND_MEMORY = new SendMemory(Long.MAX_VALUE);

    /** A file stream (or stream 0) as the loop tracks it. */
    private static final class ClientStream {
        final SendBuffer send = new SendBuffer(SEND_MEMORY);
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final CompletableFuture<byte[]> response = new CompletableFuture<>();
        /** Completed when ngtcp2 reports the stream closed both ways (everything sent was acknowledged). */
        final CompletableFuture<Void> closed = new CompletableFuture<>();
        long id = -1;
    }

    /**
     * What a client keeps to resume a session (as libquic's client would): GnuTLS's session data
     * with the server's ticket, and the server's transport parameters ({@code ngtcp2_transport_params}).
     */
    record Resumption(byte[] sessionData, byte[] transportParams) {
    }

    /** RESET_STREAM (or a stream closed with an application error code) instead of an answer. */
    static final class StreamResetException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long code;

        StreamResetException(long code, String message) {
            super(message);
            this.code = code;
        }

        /** The application error code the server sent. */
        long code() {
            return code;
        }
    }

    /** A client with a fresh Ed25519 key of its own; every blocking wait is bounded by {@code hangGuard}. */
    LibquicClient(Duration hangGuard) throws GeneralSecurityException {
        this(hangGuard, loop -> Thread.ofPlatform().name("libquic-client").daemon().start(loop));
    }

    /**
     * As {@link #LibquicClient(Duration)}, with the event loop run by {@code loops} (a platform
     * thread it may reuse once the loop returns; GnuTLS 3.7 keeps ~250 B of random generator state
     * per thread that ever used it, so many clients on fresh threads cost that much each).
     */
    LibquicClient(Duration hangGuard, java.util.concurrent.Executor loops) throws GeneralSecurityException {
        this.hangGuard = hangGuard;
        this.loops = loops;
        this.clientKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    // ==== the blocking API (any thread) ====

    /**
     * Handshakes with the server at {@code server}, accepting only its raw Ed25519 public key
     * {@code pinnedKey} (32 bytes), and opens stream 0.
     *
     * @throws IOException if the handshake fails (with why: key mismatch, not a raw key, timeout)
     */
    void connect(InetSocketAddress server, byte[] pinnedKey) throws IOException {
        if (started) {
            throw new IllegalStateException("connect once per client");
        }
        if (pinnedKey.length != 32) {
            throw new IllegalArgumentException("an Ed25519 public key has 32 bytes");
        }
        selector = Selector.open();
        byte[] pin = pinnedKey.clone();
        started = true;
        loops.execute(() -> run(server, pin));
        try {
            connected.get(hangGuard.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            close();
            throw io(e.getCause());
        } catch (TimeoutException e) {
            close();
            throw new IOException("no handshake with " + server + " within " + hangGuard.toMillis() + " ms (hang guard)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while connecting", e);
        }
    }

    /**
     * Resumes the session of {@code resumption} with the server at {@code server} and sends
     * {@code endpoint}'s command on stream 0 in the first flight, as 0-RTT data when the ticket
     * allows it (1-RTT after the handshake otherwise); returns its reply. The client stays connected.
     */
    Frame connectEarly(InetSocketAddress server, byte[] pinnedKey, Resumption resumption, String endpoint, byte[] body)
            throws IOException {
        if (started) {
            throw new IllegalStateException("connect once per client");
        }
        long id = nextRequestId.getAndIncrement();
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        pendingRequests.put(id, reply);
        resuming = resumption;
        earlyCommand = new Frame.Command(id, endpoint, body).encode();
        selector = Selector.open();
        byte[] pin = pinnedKey.clone();
        started = true;
        loops.execute(() -> run(server, pin));
        try {
            return await(reply, "reply to " + endpoint + " sent as early data");
        } finally {
            pendingRequests.remove(id);
        }
    }

    /** What this client needs to resume its session later; waits for the server's session ticket. */
    Resumption resumption() throws IOException {
        return await(ticket, "session ticket");
    }

    /** Copies of the datagrams this client sent before it received any (its first flight). */
    List<byte[]> firstFlight() {
        synchronized (sent) {
            return List.copyOf(sent.subList(0, firstFlightLength));
        }
    }

    /** Records copies of the first {@code max} datagrams this client sends (16 unless set; before {@link #connect}). */
    LibquicClient recordingSent(int max) {
        this.recordLimit = max;
        return this;
    }

    /** Copies of the datagrams this client sent, oldest first, at most as many as {@link #recordingSent} allows. */
    List<byte[]> sentDatagrams() {
        synchronized (sent) {
            return List.copyOf(sent);
        }
    }

    /** The local address of the socket the connection started on (null before {@link #connect}). */
    InetSocketAddress localAddress() {
        return localAddress;
    }

    /** Whether the server accepted this client's 0-RTT data (known once the handshake completed). */
    boolean earlyDataAccepted() {
        return earlyDataAccepted;
    }

    /** The length of the {@code legacy_session_id} in the ClientHello this client sent, or -1 before it did. */
    int clientHelloSessionIdLength() {
        return clientHelloSessionIdLength;
    }

    /**
     * Whether the datum GnuTLS gave the ClientHello hook began with the 4-byte handshake header
     * (GnuTLS 3.7.9 gives the body only: false).
     */
    boolean clientHelloHookSawHandshakeHeader() {
        return clientHelloHadHeader;
    }

    /** Offers {@code protocol} as the only ALPN instead of {@code quic-files} (before {@link #connect}). */
    LibquicClient offeringAlpn(String protocol) {
        this.alpn = protocol;
        return this;
    }

    /** Discards the next {@code count} datagrams that arrive, unread, as if the network lost them. */
    void dropNextDatagrams(int count) {
        toDrop.set(count);
    }

    /** Datagrams discarded by {@link #dropNextDatagrams} so far. */
    int droppedDatagrams() {
        return dropped.get();
    }

    /** The server's CONNECTION_CLOSE once the connection ended on one (null before, or when it ended otherwise). */
    CloseError closeError() {
        return closeError;
    }

    /**
     * Once {@code received} more bytes arrived on file streams and the server acknowledged
     * {@code acked} more bytes sent on them (counted from this call), moves the connection to a new UDP socket (a new source port) with
     * {@code ngtcp2_conn_initiate_immediate_migration}, on the loop, between two reads; the
     * migration waits while ngtcp2 has no spare connection id from the server. The old socket
     * stays open for packets still on their way to it.
     */
    CompletableFuture<Migration> migrateWhen(long received, long acked) throws IOException {
        CompletableFuture<Migration> done = new CompletableFuture<>();
        execute(() -> pendingMigration = new PendingMigration(fileBytesReceived + received, fileBytesAcked + acked,
                fileBytesReceived, fileBytesAcked, done));
        return done;
    }

    /** Completes once {@code received} more bytes arrived on file streams and the server acknowledged {@code acked} more (from this call). */
    CompletableFuture<Void> progress(long received, long acked) throws IOException {
        CompletableFuture<Void> done = new CompletableFuture<>();
        execute(() -> progressWaiters.add(new ProgressWaiter(fileBytesReceived + received, fileBytesAcked + acked, done)));
        return done;
    }

    /** Sends a command on stream 0 and waits for its reply frame ({@link Frame.Reply} or {@link Frame.ErrorReply}). */
    Frame request(String endpoint, byte[] body) throws IOException {
        long id = nextRequestId.getAndIncrement();
        CompletableFuture<Frame> reply = new CompletableFuture<>();
        pendingRequests.put(id, reply);
        byte[] frame = new Frame.Command(id, endpoint, body).encode();
        execute(() -> {
            if (requestStream == null) {
                reply.completeExceptionally(new IOException("stream 0 is not open"));
                return;
            }
            requestStream.send.add(SEND_MEMORY.copyNow(frame));
            queue(requestStream);
        });
        try {
            return await(reply, "reply to " + endpoint);
        } finally {
            pendingRequests.remove(id);
        }
    }

    /** Uploads {@code data} and returns the server's reply dictionary ({@code #}, {@code u}, {@code x}). */
    Bt.Dict put(byte[] data) throws IOException {
        Bt.Dict header = Bt.Dict.builder().put("!", "PUT").put("s", data.length).build();
        return Bt.decodeDict(stream(header, data));
    }

    /**
     * As {@link #put(byte[])}, but only the first half of {@code data} leaves until {@code gate}
     * completes; then the rest and the FIN (so that the upload is certainly under way until then).
     */
    Bt.Dict put(byte[] data, CompletableFuture<?> gate) throws IOException {
        Bt.Dict header = Bt.Dict.builder().put("!", "PUT").put("s", data.length).build();
        return Bt.decodeDict(stream(header, data, false, data.length / 2, gate));
    }

    /** Downloads file {@code id}: the content after the answer's {@code <len>:} head, checked against its size. */
    byte[] get(String id) throws IOException {
        byte[] answer = stream(Bt.Dict.builder().put("!", "GET").put("#", id).build(), new byte[0]);
        ByteBuffer in = ByteBuffer.wrap(answer);
        Optional<Bt.Dict> head = new HeaderBlockParser(HeaderBlockParser.DEFAULT_MAX_SIZE).feed(in);
        if (head.isEmpty()) {
            throw new IOException("GET answer ended inside its head (" + answer.length + " bytes)");
        }
        GetHead parsed = GetHead.fromHeader(head.get());
        if (parsed.size() != in.remaining()) {
            throw new IOException("GET head says " + parsed.size() + " bytes, " + in.remaining() + " followed");
        }
        byte[] content = new byte[in.remaining()];
        in.get(content);
        return content;
    }

    /**
     * Opens a file stream, sends the command block of {@code header} then {@code body} then FIN,
     * and returns every byte the server sent before its FIN.
     *
     * @throws StreamResetException when the server resets the stream (its code: 404, 451, …)
     */
    byte[] stream(Bt.Dict header, byte[] body) throws IOException {
        return stream(header, body, false);
    }

    /**
     * As {@link #stream(Bt.Dict, byte[])}; with {@code untilClosed} it also waits until the stream
     * is closed both ways: the server acknowledged every byte of {@code body} and the FIN, whether
     * or not its command read them.
     */
    byte[] stream(Bt.Dict header, byte[] body, boolean untilClosed) throws IOException {
        return stream(header, body, untilClosed, body.length, null);
    }

    /** {@code body} from {@code heldFrom} on, and the FIN, leave only once {@code gate} (if not null) completes. */
    private byte[] stream(Bt.Dict header, byte[] body, boolean untilClosed, int heldFrom, CompletableFuture<?> gate)
            throws IOException {
        byte[] block = HeaderBlockParser.encode(header);
        ClientStream stream = new ClientStream();
        inFlight.add(stream);
        try {
            // native copies of the request, each freed once the server acknowledged it
            int sentAtOnce = gate == null ? body.length : heldFrom;
            MemorySegment request = SEND_MEMORY.allocateNow(block.length + (long) sentAtOnce);
            MemorySegment.copy(block, 0, request, JAVA_BYTE, 0, block.length);
            MemorySegment.copy(body, 0, request, JAVA_BYTE, block.length, sentAtOnce);
            MemorySegment rest = gate == null ? null
                    : SEND_MEMORY.allocateNow(body.length - sentAtOnce);
            if (rest != null) {
                MemorySegment.copy(body, sentAtOnce, rest, JAVA_BYTE, 0, body.length - sentAtOnce);
            }
            execute(() -> {
                stream.send.add(request);
                if (rest == null) {
                    stream.send.finish();
                }
                open(stream);
            }, () -> {
                SEND_MEMORY.free(request);
                if (rest != null) {
                    SEND_MEMORY.free(rest);
                }
            });
            if (gate != null) {
                gate.whenComplete((ignored, failure) -> {
                    try {
                        execute(() -> {
                            stream.send.add(rest);
                            stream.send.finish();
                            queue(stream);
                        }, () -> SEND_MEMORY.free(rest));
                    } catch (IOException gone) {
                        // the connection is over; the wait below reports why
                    }
                });
            }
            byte[] answer = await(stream.response, "answer on a file stream");
            if (untilClosed) {
                await(stream.closed, "close of stream " + stream.id + " (" + (block.length + (long) body.length)
                        + " bytes sent)");
            }
            return answer;
        } finally {
            inFlight.remove(stream);
        }
    }

    /** Closes the connection (CONNECTION_CLOSE with application code 0) and frees everything. */
    @Override
    public void close() {
        if (!started) {
            return;
        }
        stopping = true;
        Selector s = selector;
        if (s != null) {
            s.wakeup();
        }
        try {
            terminated.get(hangGuard.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the client's event loop did not stop", e);
        }
    }

    /**
     * Stops and frees the client without sending CONNECTION_CLOSE, as a client that vanished: the
     * server learns only from its own timers (handshake or idle timeout).
     */
    void abandon() {
        silent = true;
        close();
    }

    private <T> T await(CompletableFuture<T> future, String what) throws IOException {
        try {
            return future.get(hangGuard.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof StreamResetException reset) {
                throw new StreamResetException(reset.code(), reset.getMessage());
            }
            throw io(e.getCause());
        } catch (TimeoutException e) {
            int blocked = blockedOpens;
            throw new IOException("no " + what + " within " + hangGuard.toMillis() + " ms (hang guard)"
                    + (blocked > 0 ? "; " + blocked + " stream(s) still wait for the server's MAX_STREAMS" : ""));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static IOException io(Throwable cause) {
        return cause instanceof IOException e ? new IOException(e.getMessage(), e)
                : new IOException(String.valueOf(cause), cause);
    }

    private void execute(Runnable task) throws IOException {
        execute(task, () -> { });
    }

    /** Runs {@code task} on the loop; {@code orElse} when the loop is gone (the caller's cleanup). */
    private void execute(Runnable task, Runnable orElse) throws IOException {
        IOException failed = failure;
        if (failed != null || stopping || !started) {
            orElse.run();
            throw failed != null ? new IOException(failed.getMessage(), failed) : new IOException("the client is not connected");
        }
        tasks.add(() -> {
            if (dead) {
                orElse.run();
            } else {
                task.run();
            }
        });
        selector.wakeup();
        if (terminated.isDone()) {
            // the loop stopped after the check above and may have drained the queue before this task
            Runnable late;
            while ((late = tasks.poll()) != null) {
                late.run();
            }
        }
    }

    // ==== the event loop (its own thread) ====

    private void run(InetSocketAddress server, byte[] pin) {
        this.pinnedKey = pin;
        try (Arena confined = Arena.ofConfined()) {
            arena = confined;
            try {
                start(server);
                loop();
            } catch (Throwable e) {
                die(e instanceof IOException io ? io : new IOException("client event loop failed: " + e, e));
            } finally {
                freeNative();
            }
        } catch (Throwable e) {
            die(new IOException("freeing the client failed: " + e, e));
        } finally {
            // tasks posted after the loop stopped: each frees what it carries
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (RuntimeException ignored) {
                    // the loop is gone; nothing more to do for it
                }
            }
            try {
                for (Route route : routes) {
                    route.channel().close();
                }
                if (migrationRoute != null) {
                    migrationRoute.channel().close();
                }
                selector.close();
            } catch (IOException ignored) {
                // closing a socket we no longer use
            }
            terminated.complete(null);
        }
    }

    private void start(InetSocketAddress server) throws IOException {
        NativeLibs.problem().ifPresent(problem -> {
            throw new IllegalStateException(problem);
        });
        serverAddress = server;
        routes.add(openRoute());
        localAddress = routes.getFirst().local();
        sendPath = arena.allocate(Abi.PATH_SIZE, 8);
        sendLocal = arena.allocate(Sockaddrs.STORAGE_SIZE, 8);
        sendPath.set(ADDRESS, Abi.PATH_LOCAL + Abi.ADDR_ADDR, sendLocal);
        sendPath.set(ADDRESS, Abi.PATH_REMOTE + Abi.ADDR_ADDR, arena.allocate(Sockaddrs.STORAGE_SIZE, 8));
        packetInfo = arena.allocate(Abi.PKT_INFO_SIZE, 8);
        pdatalen = arena.allocate(JAVA_LONG);
        vecs = arena.allocate(MAX_VECS * Abi.VEC_SIZE, 8);
        pstreamId = arena.allocate(JAVA_LONG);
        pcount = arena.allocate(JAVA_INT);

        MemorySegment connRef = Callbacks.connRef(arena);
        createTls(connRef);
        createConnection(connRef, System.nanoTime());
        if (resuming != null) {
            resume();
        }
        flush(System.nanoTime()); // the first Initial, with the ClientHello (and 0-RTT data when resuming)
    }

    /** A new UDP socket on a new local port, connected to the server, and its path. */
    private Route openRoute() throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        try {
            channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
            channel.setOption(java.net.StandardSocketOptions.SO_SNDBUF, 4 << 20);
            channel.connect(serverAddress);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        InetSocketAddress local = (InetSocketAddress) channel.getLocalAddress();
        MemorySegment path = arena.allocate(Abi.PATH_SIZE, 8);
        MemorySegment localAddress = arena.allocate(Sockaddrs.STORAGE_SIZE, 8);
        MemorySegment remoteAddress = arena.allocate(Sockaddrs.STORAGE_SIZE, 8);
        int localLength = Sockaddrs.write(localAddress, local);
        path.set(ADDRESS, Abi.PATH_LOCAL + Abi.ADDR_ADDR, localAddress);
        path.set(JAVA_INT, Abi.PATH_LOCAL + Abi.ADDR_ADDRLEN, localLength);
        path.set(ADDRESS, Abi.PATH_REMOTE + Abi.ADDR_ADDR, remoteAddress);
        path.set(JAVA_INT, Abi.PATH_REMOTE + Abi.ADDR_ADDRLEN, Sockaddrs.write(remoteAddress, serverAddress));
        return new Route(channel, local, path, localAddress, localLength);
    }

    /** GnuTLS as libquic 1.2.0's client sets it up. */
    private void createTls(MemorySegment connRef) throws IOException {
        MemorySegment pcred = arena.allocate(ADDRESS);
        GnuTls.check(GnuTls.certificateAllocateCredentials(pcred), "gnutls_certificate_allocate_credentials");
        credentials = pcred.get(ADDRESS, 0);
        ServerTls.setRawKey(credentials, IdentityPem.rawKey(clientKey), arena, arena);
        GnuTls.certificateSetVerifyFunction(credentials, upcall("verify", FunctionDescriptor.of(JAVA_INT, ADDRESS)));

        MemorySegment psession = arena.allocate(ADDRESS);
        GnuTls.check(GnuTls.init(psession, Abi.GNUTLS_CLIENT | Abi.GNUTLS_ENABLE_RAWPK | Abi.GNUTLS_NO_AUTO_SEND_TICKET
                | Abi.GNUTLS_ENABLE_EARLY_DATA | Abi.GNUTLS_NO_END_OF_EARLY_DATA), "gnutls_init");
        session = psession.get(ADDRESS, 0);
        GnuTls.check(GnuTls.prioritySetDirect(session, arena.allocateFrom(PRIORITY)), "gnutls_priority_set_direct");
        if (Ngtcp2.cryptoConfigureClientSession(session) != 0) {
            throw new IOException("ngtcp2_crypto_gnutls_configure_client_session failed");
        }
        GnuTls.sessionSetPtr(session, connRef);
        GnuTls.check(GnuTls.credentialsSet(session, Abi.GNUTLS_CRD_CERTIFICATE, credentials), "gnutls_credentials_set");
        GnuTls.check(GnuTls.alpnSetProtocols(session, GnuTls.datum(arena, ascii(alpn)), 1, Abi.GNUTLS_ALPN_MANDATORY),
                "gnutls_alpn_set_protocols");
        byte[] sni = ascii(Wire.SNI);
        MemorySegment name = arena.allocate(sni.length);
        MemorySegment.copy(sni, 0, name, JAVA_BYTE, 0, sni.length);
        GnuTls.check(GnuTls.serverNameSet(session, name, sni.length), "gnutls_server_name_set");
        // one hook per session in GnuTLS: it sees every message and picks the two it wants
        GnuTls.handshakeSetHookFunction(session, Abi.GNUTLS_HANDSHAKE_ANY, Abi.GNUTLS_HOOK_POST,
                upcall("handshakeHook", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS)));
    }

    /** Before the first flight: the old session's ticket, the server's remembered limits, and the first command. */
    private void resume() throws IOException {
        MemorySegment data = arena.allocate(resuming.sessionData().length);
        MemorySegment.copy(resuming.sessionData(), 0, data, JAVA_BYTE, 0, resuming.sessionData().length);
        GnuTls.check(GnuTls.sessionSetData(session, data, data.byteSize()), "gnutls_session_set_data");
        MemorySegment params = arena.allocate(Abi.PARAMS_SIZE, 8);
        MemorySegment.copy(resuming.transportParams(), 0, params, JAVA_BYTE, 0, resuming.transportParams().length);
        Ngtcp2.connSetEarlyRemoteTransportParams(conn, params);
        requestStream = new ClientStream();
        requestStream.send.add(SEND_MEMORY.copyNow(earlyCommand));
        open(requestStream);
    }

    private void createConnection(MemorySegment connRef, long now) throws IOException {
        MemorySegment dcid = randomCid(DCID_LENGTH);
        MemorySegment scid = randomCid(SCID_LENGTH);

        MemorySegment settings = arena.allocate(Abi.SETTINGS_SIZE, 8);
        Ngtcp2.settingsDefault(settings);
        settings.set(JAVA_INT, Abi.SETTINGS_CC_ALGO, Abi.CC_ALGO_CUBIC);
        settings.set(JAVA_LONG, Abi.SETTINGS_INITIAL_TS, now);
        settings.set(JAVA_LONG, Abi.SETTINGS_MAX_TX_UDP_PAYLOAD_SIZE, MAX_UDP_PAYLOAD);
        settings.set(JAVA_LONG, Abi.SETTINGS_MAX_WINDOW, MAX_WINDOW);
        settings.set(JAVA_LONG, Abi.SETTINGS_MAX_STREAM_WINDOW, MAX_STREAM_WINDOW);
        settings.set(JAVA_LONG, Abi.SETTINGS_HANDSHAKE_TIMEOUT, HANDSHAKE_TIMEOUT.toNanos());

        MemorySegment params = arena.allocate(Abi.PARAMS_SIZE, 8);
        Ngtcp2.transportParamsDefault(params);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAM_DATA_BIDI_LOCAL, MAX_STREAM_DATA);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAM_DATA_BIDI_REMOTE, MAX_STREAM_DATA);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAM_DATA_UNI, MAX_STREAM_DATA);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_DATA, MAX_DATA);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAMS_BIDI, MAX_STREAMS_BIDI);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAMS_UNI, 0);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_IDLE_TIMEOUT, IDLE_TIMEOUT.toNanos());
        params.set(JAVA_LONG, Abi.PARAMS_ACTIVE_CONNECTION_ID_LIMIT, ACTIVE_CONNECTION_ID_LIMIT);

        MemorySegment callbacks = Callbacks.create(Callbacks.Role.CLIENT, new Events(), this::callbackFailed, arena);
        MemorySegment pconn = arena.allocate(ADDRESS);
        int rv = Ngtcp2.connClientNew(pconn, dcid, scid, routes.getFirst().path(), Abi.PROTO_VER_V1, callbacks, settings, params,
                MemorySegment.ofAddress(CONN_USER_DATA));
        if (rv != 0) {
            throw new IOException("ngtcp2_conn_client_new: " + Ngtcp2.strerror(rv));
        }
        conn = pconn.get(ADDRESS, 0);
        Callbacks.setConn(connRef, conn);
        Ngtcp2.connSetTlsNativeHandle(conn, session);
    }

    private void loop() throws IOException {
        while (!dead) {
            if (stopping) {
                closeConnection(System.nanoTime());
                return;
            }
            long now = System.nanoTime();
            if (!tasks.isEmpty() || moreToSend || expiry <= now) {
                selector.selectNow();
            } else {
                long waitNanos = Math.min(expiry - now, TimeUnit.SECONDS.toNanos(1));
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos) + 1));
            }
            selector.selectedKeys().clear();
            runTasks();
            receive();
            if (dead) {
                return;
            }
            now = System.nanoTime();
            checkProgress(now);
            if (expiry <= now) {
                int rv = Ngtcp2.connHandleExpiry(conn, now);
                if (rv != 0) {
                    failed(rv, now);
                    return;
                }
            }
            flush(now);
        }
    }

    private void runTasks() {
        Runnable task;
        while (!dead && (task = tasks.poll()) != null) {
            task.run();
        }
    }

    private void receive() throws IOException {
        for (int r = 0; r < routes.size() && !dead; r++) {
            receive(routes.get(r));
        }
    }

    /** Reads what arrived on one socket, each packet with that socket's path. */
    private void receive(Route route) throws IOException {
        for (int i = 0; i < MAX_DATAGRAMS_PER_READ && !dead; i++) {
            receiveBuffer.clear();
            int length;
            try {
                length = route.channel().read(receiveBuffer);
            } catch (PortUnreachableException e) {
                continue; // ICMP from a server not (yet/any more) there: QUIC's own timers decide
            }
            if (length <= 0) {
                return;
            }
            if (toDrop.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                dropped.incrementAndGet();
                continue;
            }
            receivedAny = true;
            long now = System.nanoTime();
            packetInfo.fill((byte) 0);
            int rv = Ngtcp2.connReadPkt(conn, route.path(), packetInfo, receiveSegment, length, now);
            runAfterCall();
            if (rv != 0) {
                failed(rv, now);
                return;
            }
            if (!handshakeDone && Ngtcp2.connHandshakeCompleted(conn)) {
                handshakeDone = true;
                earlyDataAccepted = (GnuTls.sessionGetFlags(session) & Abi.GNUTLS_SFLAGS_EARLY_DATA) != 0;
                if (requestStream == null) {
                    // libquic opens stream 0 at once, whether or not it will ever send on it
                    requestStream = new ClientStream();
                    open(requestStream);
                }
                connected.complete(null);
            }
            retryOpens();
        }
    }

    /** Completes the progress waiters whose thresholds passed, and migrates when its thresholds passed. */
    private void checkProgress(long now) throws IOException {
        progressWaiters.removeIf(waiter -> {
            if (fileBytesReceived >= waiter.received() && fileBytesAcked >= waiter.acked()) {
                waiter.done().complete(null);
                return true;
            }
            return false;
        });
        PendingMigration migration = pendingMigration;
        if (migration == null || fileBytesReceived < migration.received() || fileBytesAcked < migration.acked()) {
            return;
        }
        if (migrationRoute == null) {
            migrationRoute = openRoute();
        }
        Route route = migrationRoute;
        int rv = Ngtcp2.connInitiateImmediateMigration(conn, route.path(), now);
        if (rv == Abi.ERR_CONN_ID_BLOCKED || rv == Abi.ERR_INVALID_STATE) {
            return; // no spare connection id yet, or the handshake is not confirmed: again after the next read
        }
        pendingMigration = null;
        migrationRoute = null;
        if (rv != 0) {
            route.channel().close();
            migration.done().completeExceptionally(new IOException("ngtcp2_conn_initiate_immediate_migration: "
                    + Ngtcp2.strerror(rv)));
            return;
        }
        InetSocketAddress from = routes.getLast().local();
        routes.add(route);
        migration.done().complete(new Migration(from, route.local(), fileBytesReceived - migration.receivedBefore(),
                fileBytesAcked - migration.ackedBefore()));
    }

    /** Writes what ngtcp2 has to send: stream data round-robin, then whatever else it owes. */
    private void flush(long now) {
        if (dead) {
            return;
        }
        long packets = writer.write(conn, sendPath, packetInfo, sendSegment, MAX_UDP_PAYLOAD, pdatalen, vecs,
                MAX_PACKETS_PER_FLUSH, now, this::send);
        if (packets < 0) {
            failed((int) packets, now);
            return;
        }
        moreToSend = packets == MAX_PACKETS_PER_FLUSH;
        Ngtcp2.connUpdatePktTxTime(conn, now);
        long at = Ngtcp2.connGetExpiry(conn);
        expiry = at < 0 ? Long.MAX_VALUE : at;
    }

    /** Sends the packet ngtcp2 just wrote from the socket of the local address it chose in {@link #sendPath}. */
    private void send(long length) {
        synchronized (sent) {
            if (sent.size() < recordLimit) {
                sent.add(sendSegment.asSlice(0, length).toArray(JAVA_BYTE));
                if (!receivedAny) {
                    firstFlightLength = sent.size();
                }
            }
        }
        Route route = routes.getLast();
        int localLength = sendPath.get(JAVA_INT, Abi.PATH_LOCAL + Abi.ADDR_ADDRLEN);
        for (Route candidate : routes) {
            if (candidate.localLength() == localLength
                    && MemorySegment.mismatch(candidate.localAddress(), 0, localLength, sendLocal, 0, localLength) == -1) {
                route = candidate;
                break;
            }
        }
        sendBuffer.clear().limit((int) length);
        try {
            route.channel().write(sendBuffer);
        } catch (IOException e) {
            // a lost datagram: QUIC retransmits what mattered
        }
    }

    private void queue(ClientStream stream) {
        if (stream.id >= 0) {
            writer.queue(stream);
        }
    }

    /** Opens a bidirectional stream for {@code stream}, or waits for the server's MAX_STREAMS. */
    private void open(ClientStream stream) {
        if (!waitingToOpen.isEmpty() || !tryOpen(stream)) {
            if (!stream.response.isDone()) {
                waitingToOpen.add(stream);
                blockedOpens = waitingToOpen.size();
            }
        }
    }

    private void retryOpens() {
        while (!waitingToOpen.isEmpty() && tryOpen(waitingToOpen.peek())) {
            waitingToOpen.poll();
        }
        blockedOpens = waitingToOpen.size();
    }

    /** True when the stream is open (or failed for good); false when the stream limit blocks it. */
    private boolean tryOpen(ClientStream stream) {
        int rv = Ngtcp2.connOpenBidiStream(conn, pstreamId);
        if (rv == Abi.ERR_STREAM_ID_BLOCKED) {
            return false;
        }
        if (rv != 0) {
            stream.send.close();
            stream.response.completeExceptionally(new IOException("ngtcp2_conn_open_bidi_stream: " + Ngtcp2.strerror(rv)));
            return true;
        }
        stream.id = pstreamId.get(JAVA_LONG, 0);
        streams.put(stream.id, stream);
        queue(stream);
        return true;
    }

    /** A call returned an error: CONNECTION_CLOSE where one is owed, then the connection is over. */
    private void failed(int rv, long now) {
        String why = Ngtcp2.strerror(rv);
        if (rv == Abi.ERR_DRAINING) {
            MemorySegment received = arena.allocate(Abi.CCERR_SIZE, 8);
            Ngtcp2.connGetConnectionCloseError(conn, received);
            CloseError close = new CloseError(received.get(JAVA_INT, Abi.CCERR_TYPE) == Abi.CCERR_TYPE_APPLICATION,
                    received.get(JAVA_LONG, Abi.CCERR_ERROR_CODE));
            closeError = close;
            why = "the server closed the connection with " + close + " (" + why + ")";
        }
        if (rv != Abi.ERR_DRAINING && rv != Abi.ERR_CLOSING && rv != Abi.ERR_IDLE_CLOSE && rv != Abi.ERR_DROP_CONN
                && !Ngtcp2.connIsClosingOrDraining(conn)) {
            MemorySegment ccerr = arena.allocate(Abi.CCERR_SIZE, 8);
            int alert = Ngtcp2.connGetTlsAlert(conn);
            if (alert != 0) {
                Ngtcp2.ccerrSetTlsAlert(ccerr, alert);
                why += ", TLS alert " + alert;
            } else {
                Ngtcp2.ccerrSetLiberr(ccerr, rv);
            }
            writeClose(ccerr, now);
        }
        String verify = verifyFailure;
        String message = verify != null ? "TLS handshake refused: " + verify + " (ngtcp2: " + why + ")"
                : rv == Abi.ERR_HANDSHAKE_TIMEOUT ? "no handshake within " + HANDSHAKE_TIMEOUT.toSeconds() + " s: " + why
                : rv == Abi.ERR_CRYPTO ? "TLS failed: " + why
                : !handshakeDone ? "handshake failed: " + why
                : "connection failed: " + why;
        die(new IOException(message, callbackFailure));
    }

    private void closeConnection(long now) {
        if (!silent && !dead && !conn.equals(MemorySegment.NULL) && !Ngtcp2.connIsClosingOrDraining(conn)) {
            MemorySegment ccerr = arena.allocate(Abi.CCERR_SIZE, 8);
            Ngtcp2.ccerrSetApplication(ccerr, 0);
            writeClose(ccerr, now);
        }
        die(new IOException("the client was closed"));
    }

    private void writeClose(MemorySegment ccerr, long now) {
        packetInfo.fill((byte) 0);
        long n = Ngtcp2.connWriteConnectionClose(conn, sendPath, packetInfo, sendSegment, MAX_UDP_PAYLOAD,
                ccerr, now);
        if (n > 0) {
            send(n);
        }
    }

    /** The connection is over (loop thread, or the loop's last act): everyone waiting learns why. */
    private void die(IOException why) {
        if (failure == null) {
            failure = why;
        }
        dead = true;
        connected.completeExceptionally(why);
        for (CompletableFuture<Frame> request : pendingRequests.values()) {
            request.completeExceptionally(why);
        }
        for (ClientStream stream : inFlight) {
            stream.response.completeExceptionally(why);
            stream.closed.completeExceptionally(why);
        }
    }

    private void freeNative() {
        if (!conn.equals(MemorySegment.NULL)) {
            Ngtcp2.connDel(conn);
            conn = MemorySegment.NULL;
        }
        if (!session.equals(MemorySegment.NULL)) {
            GnuTls.deinit(session);
            session = MemorySegment.NULL;
        }
        if (!credentials.equals(MemorySegment.NULL)) {
            GnuTls.certificateFreeCredentials(credentials);
            credentials = MemorySegment.NULL;
        }
        // ngtcp2 points into no stream buffer once the connection is deleted
        for (ClientStream stream : streams.values()) {
            stream.send.close();
        }
        for (ClientStream stream : waitingToOpen) {
            stream.send.close();
        }
        if (requestStream != null) {
            requestStream.send.close();
        }
        streams.clear();
        waitingToOpen.clear();
        writer.clear();
    }

    private void runAfterCall() {
        for (int i = 0; i < afterCall.size(); i++) {
            afterCall.get(i).run();
        }
        afterCall.clear();
    }

    private void callbackFailed(Throwable e) {
        if (callbackFailure == null) {
            callbackFailure = e;
        }
    }

    // ==== GnuTLS upcalls (loop thread, inside ngtcp2_conn_read_pkt / writev_stream) ====

    /** libquic's verify callback: a raw public key whose SPKI ends in the pinned 32 bytes, nothing else. */
    private int verify(MemorySegment tlsSession) {
        try {
            int type = GnuTls.certificateTypeGet2(tlsSession, Abi.GNUTLS_CTYPE_SERVER);
            if (type != Abi.GNUTLS_CRT_RAWPK) {
                return refuse("the server's certificate is not a raw public key (GnuTLS certificate type " + type + ")");
            }
            pcount.set(JAVA_INT, 0, 0);
            MemorySegment peers = GnuTls.certificateGetPeers(tlsSession, pcount);
            int count = pcount.get(JAVA_INT, 0);
            if (peers.equals(MemorySegment.NULL) || count < 1) {
                return refuse("the server sent no key");
            }
            MemorySegment datum = peers.reinterpret(Abi.DATUM_SIZE);
            int size = datum.get(JAVA_INT, Abi.DATUM_SIZE_FIELD);
            if (size != ED25519_SPKI_PREFIX.length + 32) {
                return refuse("the server's raw public key has " + size + " bytes, not an Ed25519 key's 44");
            }
            byte[] key = datum.get(ADDRESS, Abi.DATUM_DATA).reinterpret(size)
                    .asSlice(ED25519_SPKI_PREFIX.length, 32).toArray(JAVA_BYTE);
            if (!MessageDigest.isEqual(key, pinnedKey)) {
                return refuse("the server's raw public key " + HexFormat.of().formatHex(key)
                        + " did not match the pinned key " + HexFormat.of().formatHex(pinnedKey));
            }
            return 0;
        } catch (Throwable e) {
            return refuse("verifying the server key failed: " + e);
        }
    }

    private int refuse(String why) {
        verifyFailure = why;
        return Abi.GNUTLS_E_CERTIFICATE_ERROR;
    }

    /**
     * Records the {@code legacy_session_id} length of the ClientHello this client sends, and keeps
     * what it needs to resume once the server's NewSessionTicket has been read.
     */
    private int handshakeHook(MemorySegment tlsSession, int type, int when, int incoming, MemorySegment message) {
        try {
            if (type == Abi.GNUTLS_HANDSHAKE_NEW_SESSION_TICKET && incoming != 0 && !ticket.isDone()) {
                ticket.complete(sessionData(tlsSession));
            }
            if (type == Abi.GNUTLS_HANDSHAKE_CLIENT_HELLO && incoming == 0 && clientHelloSessionIdLength < 0) {
                MemorySegment datum = message.reinterpret(Abi.DATUM_SIZE);
                int size = datum.get(JAVA_INT, Abi.DATUM_SIZE_FIELD);
                MemorySegment bytes = datum.get(ADDRESS, Abi.DATUM_DATA).reinterpret(size);
                // with the handshake header: type 1, then the body's length in 3 bytes; without it
                // the body starts with legacy_version 0x0303, so the first byte tells them apart
                int offset = 0;
                if (size >= 4 && bytes.get(JAVA_BYTE, 0) == 1) {
                    int length = (Byte.toUnsignedInt(bytes.get(JAVA_BYTE, 1)) << 16)
                            | (Byte.toUnsignedInt(bytes.get(JAVA_BYTE, 2)) << 8) | Byte.toUnsignedInt(bytes.get(JAVA_BYTE, 3));
                    if (length == size - 4) {
                        offset = 4;
                    }
                }
                // legacy_version (2) and random (32), then the session id's length
                if (size > offset + 34) {
                    clientHelloHadHeader = offset == 4;
                    clientHelloSessionIdLength = Byte.toUnsignedInt(bytes.get(JAVA_BYTE, offset + 34));
                }
            }
        } catch (Throwable e) {
            // nothing may unwind into GnuTLS; the length stays unknown (-1) and the test says so
        }
        return 0;
    }

    private Resumption sessionData(MemorySegment tlsSession) {
        MemorySegment datum = arena.allocate(Abi.DATUM_SIZE, 8);
        GnuTls.check(GnuTls.sessionGetData2(tlsSession, datum), "gnutls_session_get_data2");
        MemorySegment data = datum.get(ADDRESS, Abi.DATUM_DATA);
        byte[] bytes = data.reinterpret(datum.get(JAVA_INT, Abi.DATUM_SIZE_FIELD)).toArray(JAVA_BYTE);
        Libc.free(data); // gnutls_free is libc's free unless an application replaced it
        return new Resumption(bytes, Ngtcp2.connGetRemoteTransportParams(conn).toArray(JAVA_BYTE));
    }

    private MemorySegment upcall(String name, FunctionDescriptor descriptor) {
        return NativeLibs.upcall(MethodHandles.lookup(), this, name, descriptor, arena);
    }

    // ==== ngtcp2 events (loop thread, inside ngtcp2 calls) ====

    private final class Events implements ConnectionEvents {
        @Override
        public int streamData(long c, long streamId, MemorySegment data, boolean fin) {
            long length = data.byteSize();
            if (streamId == Wire.REQUEST_STREAM_ID) {
                List<Frame> frames = replies.feed(data.asByteBuffer());
                afterCall.add(() -> {
                    for (Frame frame : frames) {
                        CompletableFuture<Frame> waiting = pendingRequests.get(frame.requestId());
                        if (waiting != null) {
                            waiting.complete(frame);
                        }
                    }
                });
            } else {
                fileBytesReceived += length;
                ClientStream stream = streams.get(streamId);
                if (stream != null) {
                    byte[] bytes = data.toArray(JAVA_BYTE);
                    stream.received.write(bytes, 0, bytes.length);
                    if (fin) {
                        afterCall.add(() -> stream.response.complete(stream.received.toByteArray()));
                    }
                }
            }
            // consumed at once: the peer's windows grow by what arrived (allowed inside callbacks)
            if (length > 0) {
                Ngtcp2.connExtendMaxStreamOffset(conn, streamId, length);
                Ngtcp2.connExtendMaxOffset(conn, length);
            }
            return 0;
        }

        @Override
        public int streamDataAcked(long c, long streamId, long offset, long length) {
            ClientStream stream = streamId == Wire.REQUEST_STREAM_ID ? requestStream : streams.get(streamId);
            if (streamId != Wire.REQUEST_STREAM_ID) {
                fileBytesAcked += length;
            }
            if (stream != null) {
                stream.send.acked(offset + length);
            }
            return 0;
        }

        @Override
        public int streamClosed(long c, long streamId, long code) {
            ClientStream stream = streams.remove(streamId);
            if (stream != null) {
                afterCall.add(() -> stream.closed.complete(null));
                // ngtcp2 is done with the stream's data once it reports the stream closed
                stream.send.close();
                writer.remove(stream);
                afterCall.add(() -> stream.response.completeExceptionally(code >= 0
                        ? new StreamResetException(code, "stream " + streamId + " closed with code " + code)
                        : new IOException("stream " + streamId + " closed without FIN")));
            }
            return 0;
        }

        @Override
        public int streamReset(long c, long streamId, long code) {
            ClientStream stream = streams.get(streamId);
            if (stream != null) {
                afterCall.add(() -> stream.response.completeExceptionally(
                        new StreamResetException(code, "the server reset stream " + streamId + " with code " + code)));
            }
            return 0;
        }

        @Override
        public int streamStopSending(long c, long streamId, long code) {
            // ngtcp2 answers STOP_SENDING with RESET_STREAM itself; the answer's fate is the read side's
            return 0;
        }

        @Override
        public int streamWindowOpened(long c, long streamId) {
            ClientStream stream = streamId == Wire.REQUEST_STREAM_ID ? requestStream : streams.get(streamId);
            if (stream != null) {
                queue(stream);
            }
            return 0;
        }

        @Override
        public int newConnectionId(long c, MemorySegment cid, MemorySegment token, long length) {
            byte[] bytes = new byte[(int) length];
            random.nextBytes(bytes);
            cid.set(JAVA_LONG, Abi.CID_DATALEN, length);
            MemorySegment.copy(bytes, 0, cid, JAVA_BYTE, Abi.CID_DATA, bytes.length);
            byte[] reset = new byte[Abi.STATELESS_RESET_TOKENLEN];
            random.nextBytes(reset);
            MemorySegment.copy(reset, 0, token, JAVA_BYTE, 0, reset.length);
            return 0;
        }

        @Override
        public int connectionIdRetired(long c, MemorySegment cid) {
            return 0;
        }
    }

    // ==== helpers ====

    private MemorySegment randomCid(int length) {
        MemorySegment cid = arena.allocate(Abi.CID_SIZE, 8);
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        cid.set(JAVA_LONG, Abi.CID_DATALEN, length);
        MemorySegment.copy(bytes, 0, cid, JAVA_BYTE, Abi.CID_DATA, length);
        return cid;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}

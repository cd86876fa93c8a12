package org.quicfiles.transport.ngtcp2.internal;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.quicfiles.protocol.Wire;
import org.quicfiles.transport.ngtcp2.internal.ffi.Abi;
import org.quicfiles.transport.ngtcp2.internal.ffi.Callbacks;
import org.quicfiles.transport.ngtcp2.internal.ffi.Ngtcp2;
import org.quicfiles.transport.ngtcp2.internal.ffi.Sockaddrs;

/**
 * One QUIC connection: its {@code ngtcp2_conn}, GnuTLS session and streams, all owned by the
 * server's event loop thread (native memory in one confined {@link Arena}, closed with it).
 */
final class ServerConnection implements FileExchange.StreamOwner {
    /** Packets one flush may write at most before the loop reads again (ngtcp2's send quantum may say fewer). */
    private static final int MAX_PACKETS_PER_FLUSH = 64;
    // NGTCP2_ERR_* codes only the server's side can cause (ngtcp2.h 0.12; stable across releases)
    private static final int ERR_INVALID_ARGUMENT = -201;
    private static final int ERR_NOBUF = -203;
    private static final int ERR_INVALID_STATE = -206;
    private static final int ERR_INTERNAL = -238;
    private static final int ERR_FATAL = -500;
    private static final int ERR_NOMEM = -501;

    private final long id;
    private final Ngtcp2Server server;
    private final Arena arena = Arena.ofConfined();
    /** The path the connection was created on; afterwards the path each packet arrived on ({@link #read}). */
    private final MemorySegment path;
    private final MemorySegment readRemote;
    /** Filled by ngtcp2 with the path each packet it writes must take. */
    private final MemorySegment sendPath;
    private final MemorySegment sendRemote;
    /** The {@code sockaddr} of {@link #remote}: ngtcp2's current path's remote address. */
    private final MemorySegment remoteAddress;
    private int remoteAddressLength;
    private InetSocketAddress lastFrom;
    private final MemorySegment connRef;
    private final Map<Long, Stream> streams = new HashMap<>();
    private final StreamPacketWriter<Stream> writer = new StreamPacketWriter<>(stream -> stream.id, stream -> stream.send);
    /** Packets go to the server's send batch, each to the address ngtcp2 chose for it. */
    private final StreamPacketWriter.PacketSink sink = new StreamPacketWriter.PacketSink() {
        @Override
        public MemorySegment room() {
            return server.sendSegment();
        }

        @Override
        public void sent(long length) {
            server.send(length, destination());
        }
    };
    private final List<Runnable> afterCallbacks = new ArrayList<>();
    private final List<Cid> cids = new ArrayList<>();
    /** The peer's address on ngtcp2's current path (logs, the router, abuse accounting). */
    private InetSocketAddress remote;
    private byte[] closePacket;
    private InetSocketAddress closePeer;
    private MemorySegment conn = MemorySegment.NULL;
    private MemorySegment session = MemorySegment.NULL;
    private long expiry = Long.MAX_VALUE;
    /** Bytes handed to this connection's exchanges and not yet read by their commands (any thread). */
    private final java.util.concurrent.atomic.AtomicLong unread = new java.util.concurrent.atomic.AtomicLong();
    private final PeerStreamCredit streamCredit;
    private boolean dirty;
    private boolean closed;
    private boolean handshakeDone;

    /** A stream's two halves: what it sends, and what serves what it receives. */
    private static final class Stream {
        final long id;
        final SendBuffer send;
        final FileStream file;
        final RequestStream request;

        Stream(long id, FileStream file, RequestStream request, SendMemory memory) {
            this.id = id;
            this.send = new SendBuffer(memory);
            this.file = file;
            this.request = request;
        }
    }

    private ServerConnection(long id, Ngtcp2Server server, InetSocketAddress local, InetSocketAddress remote) {
        this.id = id;
        this.server = server;
        this.remote = remote;
        this.lastFrom = remote;
        this.streamCredit = new PeerStreamCredit(server.settings().maxStreams());
        this.path = arena.allocate(Abi.PATH_SIZE, 8);
        MemorySegment localAddress = arena.allocate(Sockaddrs.STORAGE_SIZE, 8);
        this.readRemote = arena.allocate(Sockaddrs.STORAGE_SIZE, 8);
        path.set(ADDRESS, Abi.PATH_LOCAL + Abi.ADDR_ADDR, localAddress);
        path.set(JAVA_INT, Abi.PATH_LOCAL + Abi.ADDR_ADDRLEN, Sockaddrs.write(localAddress, local));
        path.set(ADDRESS, Abi.PATH_REMOTE + Abi.ADDR_ADDR, readRemote);
        path.set(JAVA_INT, Abi.PATH_REMOTE + Abi.ADDR_ADDRLEN, Sockaddrs.write(readRemote, remote));
        this.remoteAddress = arena.allocate(Sockaddrs.STORAGE_SIZE, 8);
        this.remoteAddressLength = Sockaddrs.write(remoteAddress, remote);
        this.sendPath = arena.allocate(Abi.PATH_SIZE, 8);
        this.sendRemote = arena.allocate(Sockaddrs.STORAGE_SIZE, 8);
        sendPath.set(ADDRESS, Abi.PATH_LOCAL + Abi.ADDR_ADDR, arena.allocate(Sockaddrs.STORAGE_SIZE, 8));
        sendPath.set(ADDRESS, Abi.PATH_REMOTE + Abi.ADDR_ADDR, sendRemote);
        this.connRef = Callbacks.connRef(arena);
    }

    /**
     * Creates the server side of a connection for a client Initial whose header {@code header}
     * ({@code ngtcp2_pkt_hd}) ngtcp2 accepted; null (nothing left behind) if ngtcp2 or GnuTLS refuse.
     */
    static ServerConnection accept(long id, Ngtcp2Server server, MemorySegment header, MemorySegment originalDcid,
                                   MemorySegment retryScid, InetSocketAddress local, InetSocketAddress remote, long now) {
        ServerConnection c = new ServerConnection(id, server, local, remote);
        try {
            c.create(header, originalDcid, retryScid, now);
            return c;
        } catch (RuntimeException e) {
            // ngtcp2_accept took the header: only memory or our own setup can fail here, not the peer
            server.failures().report("accepting a connection", "cannot accept a connection from " + remote + ": "
                    + e.getMessage(), e);
            c.free();
            return null;
        }
    }

    /**
     * @param originalDcid the client's first DCID (the header's, or the one a Retry token carried)
     * @param retryScid the SCID of the Retry this Initial answers, or null when there was none
     */
    private void create(MemorySegment header, MemorySegment originalDcid, MemorySegment retryScid, long now) {
        ServerSettings s = server.settings();
        MemorySegment scid = arena.allocate(Abi.CID_SIZE, 8);
        server.randomCid(scid, Ngtcp2Server.SCID_LENGTH);

        MemorySegment settings = arena.allocate(Abi.SETTINGS_SIZE, 8);
        Ngtcp2.settingsDefault(settings);
        settings.set(JAVA_INT, Abi.SETTINGS_CC_ALGO, Abi.CC_ALGO_CUBIC);
        settings.set(JAVA_LONG, Abi.SETTINGS_INITIAL_TS, now);
        settings.set(JAVA_LONG, Abi.SETTINGS_MAX_TX_UDP_PAYLOAD_SIZE, s.maxUdpPayload());
        settings.set(JAVA_LONG, Abi.SETTINGS_HANDSHAKE_TIMEOUT, s.handshakeTimeout().toNanos());
        MemorySegment qlog = server.startQlog(id, Cid.of(originalDcid).toString());
        if (!qlog.equals(MemorySegment.NULL)) {
            MemorySegment.copy(originalDcid, 0, settings, Abi.SETTINGS_QLOG_ODCID, Abi.CID_SIZE);
            settings.set(ADDRESS, Abi.SETTINGS_QLOG_WRITE, qlog);
        }

        MemorySegment params = arena.allocate(Abi.PARAMS_SIZE, 8);
        Ngtcp2.transportParamsDefault(params);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAM_DATA_BIDI_LOCAL, s.maxStreamData());
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAM_DATA_BIDI_REMOTE, s.maxStreamData());
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAM_DATA_UNI, 0);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_DATA, s.maxData());
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAMS_BIDI, s.maxStreams());
        params.set(JAVA_LONG, Abi.PARAMS_MAX_STREAMS_UNI, 0);
        params.set(JAVA_LONG, Abi.PARAMS_MAX_IDLE_TIMEOUT, s.idleTimeout().toNanos());
        MemorySegment.copy(originalDcid, 0, params, Abi.PARAMS_ORIGINAL_DCID, Abi.CID_SIZE);
        if (retryScid != null) {
            MemorySegment.copy(retryScid, 0, params, Abi.PARAMS_RETRY_SCID, Abi.CID_SIZE);
            params.set(JAVA_BYTE, Abi.PARAMS_RETRY_SCID_PRESENT, (byte) 1);
        }
        server.resetToken(params.asSlice(Abi.PARAMS_STATELESS_RESET_TOKEN, Abi.STATELESS_RESET_TOKENLEN), scid);
        params.set(JAVA_BYTE, Abi.PARAMS_STATELESS_RESET_TOKEN_PRESENT, (byte) 1);

        MemorySegment pconn = arena.allocate(ADDRESS);
        int rv = Ngtcp2.connServerNew(pconn, header.asSlice(Abi.PKT_HD_SCID, Abi.CID_SIZE), scid, path,
                header.get(JAVA_INT, Abi.PKT_HD_VERSION), server.callbacks(), settings, params, MemorySegment.ofAddress(id));
        if (rv != 0) {
            throw new IllegalStateException("ngtcp2_conn_server_new failed: " + Ngtcp2.strerror(rv) + " (" + rv + ")");
        }
        conn = pconn.get(ADDRESS, 0);
        Callbacks.setConn(connRef, conn);
        session = server.tls().newSession(connRef);
        Ngtcp2.connSetTlsNativeHandle(conn, session);
        register(Cid.of(scid));
        // the client's first DCID routes its retransmitted Initials until it switches to ours
        register(Cid.of(header.asSlice(Abi.PKT_HD_DCID, Abi.CID_SIZE)));
    }

    org.quicfiles.bridge.TransportMetrics metrics() {
        return server.metrics();
    }

    org.quicfiles.bridge.AbuseLog abuse() {
        return server.abuse();
    }

    FailureLog failures() {
        return server.failures();
    }

    long id() {
        return id;
    }

    long expiry() {
        return expiry;
    }

    /** Only through {@link Ngtcp2Server#reschedule}, which keeps its order of connections by expiry. */
    void expiry(long at) {
        expiry = at;
    }

    boolean closed() {
        return closed;
    }

    /** The peer's address on ngtcp2's current path (loop thread). */
    InetSocketAddress remote() {
        return remote;
    }

    // ---- packets in and out ----

    /**
     * Hands ngtcp2 a packet with the path it arrived on. A new source address is not adopted here:
     * ngtcp2 decides (a non-probing packet on a new path starts its validation and moves the
     * current path), and {@link #remote} follows its current path.
     */
    void read(MemorySegment packet, long length, InetSocketAddress from, long now) {
        if (!from.equals(lastFrom)) {
            lastFrom = from;
            path.set(JAVA_INT, Abi.PATH_REMOTE + Abi.ADDR_ADDRLEN, Sockaddrs.write(readRemote, from));
        }
        int rv = Ngtcp2.connReadPkt(conn, path, server.packetInfo(), packet, length, now);
        runAfterCallbacks();
        if (rv != 0) {
            failed("ngtcp2_conn_read_pkt", rv, now);
            return;
        }
        followPath();
        if (!handshakeDone && Ngtcp2.connHandshakeCompleted(conn)) {
            handshakeDone = true;
            server.handshakeFinished();
            server.metrics().connectionOpened();
            try {
                server.tls().sendTicket(session);
            } catch (RuntimeException e) {
                // the connection works without one; the client's next one just cannot resume
                server.logger().log(System.Logger.Level.DEBUG, "no session ticket for " + remote + ": " + e.getMessage());
            }
        }
        markDirty();
    }

    void handleExpiry(long now) {
        int rv = Ngtcp2.connHandleExpiry(conn, now);
        if (rv != 0) {
            failed("ngtcp2_conn_handle_expiry", rv, now);
            return;
        }
        followPath(); // a failed path validation falls back to the previous path
        markDirty();
    }

    /** Makes {@link #remote} the remote address of ngtcp2's current path if that moved. */
    private void followPath() {
        MemorySegment current = Ngtcp2.connGetPath(conn);
        int length = current.get(JAVA_INT, Abi.PATH_REMOTE + Abi.ADDR_ADDRLEN);
        MemorySegment address = current.get(ADDRESS, Abi.PATH_REMOTE + Abi.ADDR_ADDR).reinterpret(length);
        if (length == remoteAddressLength && MemorySegment.mismatch(address, 0, length, remoteAddress, 0, length) == -1) {
            return;
        }
        InetSocketAddress previous = remote;
        MemorySegment.copy(address, 0, remoteAddress, 0, length);
        remoteAddressLength = length;
        remote = Sockaddrs.read(remoteAddress);
        server.logger().log(System.Logger.Level.DEBUG, () -> "connection " + id + " moved from " + previous + " to " + remote);
    }

    /** Where the packet ngtcp2 just wrote must go: the remote address it put in {@link #sendPath}. */
    private InetSocketAddress destination() {
        int length = sendPath.get(JAVA_INT, Abi.PATH_REMOTE + Abi.ADDR_ADDRLEN);
        if (length == remoteAddressLength && MemorySegment.mismatch(sendRemote, 0, length, remoteAddress, 0, length) == -1) {
            return remote;
        }
        return Sockaddrs.read(sendRemote); // a path being validated or probed
    }

    /** Writes what ngtcp2 has to send (stream data round-robin, then control frames), then re-arms the timer. */
    void flush(long now) {
        dirty = false;
        if (closed) {
            return;
        }
        int maxPackets = burst();
        long packets = writer.write(conn, sendPath, server.packetInfo(), sink, server.settings().maxUdpPayload(),
                server.pdatalen(), server.vecs(), maxPackets, now);
        if (packets < 0) {
            failed("ngtcp2_conn_writev_stream", (int) packets, now);
            return;
        }
        if (packets == maxPackets) {
            markDirty(); // more to send: after the next reads
        }
        if (handshakeDone) {
            // Pacing only once there is an RTT sample: during the handshake ngtcp2 0.12 spaces packets
            // by the 333 ms initial RTT (1,200 bytes × srtt / cwnd ≈ 33 ms), which held the
            // server's HANDSHAKE_DONE and first answer back by ~25 ms on every new connection
            Ngtcp2.connUpdatePktTxTime(conn, now);
        }
        updateExpiry();
    }

    /**
     * Packets to write before pacing is updated: ngtcp2's send quantum (64 KiB with CUBIC), which is
     * also about what one GSO send carries, so that a flush leaves in one system call.
     */
    private int burst() {
        long quantum = Ngtcp2.connGetSendQuantum(conn) / server.settings().maxUdpPayload();
        return (int) Math.max(1, Math.min(MAX_PACKETS_PER_FLUSH, quantum));
    }

    private void queue(Stream stream) {
        writer.queue(stream);
        markDirty();
    }

    private void markDirty() {
        if (!dirty && !closed) {
            dirty = true;
            server.markDirty(this);
        }
    }

    private void updateExpiry() {
        long at = Ngtcp2.connGetExpiry(conn);
        long next = at < 0 ? Long.MAX_VALUE : at;
        if (next != expiry) {
            server.reschedule(this, next);
        }
    }

    /**
     * {@code function} returned the error {@code rv}: close with CONNECTION_CLOSE where one is owed,
     * then forget the connection. Errors a peer can cause (a failed handshake, a protocol violation,
     * a timeout) are logged at DEBUG, once per connection; errors on our side go to the
     * {@link FailureLog} (WARNING once per function).
     */
    private void failed(String function, int rv, long now) {
        if (closed) {
            return;
        }
        String message = "connection " + id + " from " + remote + " failed: " + function + " returned "
                + Ngtcp2.strerror(rv) + " (" + rv + ")";
        if (ourSide(rv)) {
            server.failures().report(function, message, null);
        }
        if (rv != Abi.ERR_DRAINING && rv != Abi.ERR_DROP_CONN && rv != Abi.ERR_CLOSING && rv != Abi.ERR_IDLE_CLOSE
                && rv != Abi.ERR_RETRY) {
            MemorySegment ccerr = server.ccerr();
            int alert = Ngtcp2.connGetTlsAlert(conn);
            if (alert != 0) {
                Ngtcp2.ccerrSetTlsAlert(ccerr, alert);
            } else {
                Ngtcp2.ccerrSetLiberr(ccerr, rv);
            }
            writeClose(ccerr, now);
            if (alert != 0) {
                message += ", TLS alert " + alert;
            }
        }
        String line = message;
        server.logger().log(System.Logger.Level.DEBUG, () -> line);
        close();
    }

    /**
     * Errors no peer can cause: memory, a misused call, ngtcp2's internal state. A callback's
     * failure is not among them: {@link org.quicfiles.transport.ngtcp2.internal.ffi.Callbacks} reported it already.
     */
    private static boolean ourSide(int rv) {
        return rv == ERR_NOMEM || rv == ERR_INVALID_ARGUMENT || rv == ERR_NOBUF || rv == ERR_INTERNAL
                || rv == ERR_INVALID_STATE || rv == ERR_FATAL;
    }

    /**
     * A call that fails only for want of memory (extending a window, shutting a stream) returned
     * {@code rv}: maybe inside a callback, so the connection is failed from the loop's next turn.
     */
    private void check(String function, int rv) {
        if (rv != 0) {
            server.execute(() -> failed(function, rv, System.nanoTime()));
        }
    }

    /** Closes with CONNECTION_CLOSE carrying application code 0 (server shutdown). */
    void shutdown(long now) {
        if (!closed) {
            MemorySegment ccerr = server.ccerr();
            Ngtcp2.ccerrSetApplication(ccerr, 0);
            writeClose(ccerr, now);
            close();
        }
    }

    private void writeClose(MemorySegment ccerr, long now) {
        if (Ngtcp2.connIsClosingOrDraining(conn)) {
            return;
        }
        MemorySegment dest = server.sendSegment();
        long n = Ngtcp2.connWriteConnectionClose(conn, sendPath, server.packetInfo(), dest,
                server.settings().maxUdpPayload(), ccerr, now);
        if (n > 0) {
            closePeer = destination();
            closePacket = dest.asSlice(0, n).toArray(JAVA_BYTE);
            server.send(n, closePeer);
        } else if (n < 0) {
            // e.g. no keys yet to protect it with: the peer learns by its timeout
            server.logger().log(System.Logger.Level.DEBUG, () -> "connection " + id + ": ngtcp2_conn_write_connection_close returned "
                    + Ngtcp2.strerror((int) n) + " (" + n + ")");
        }
    }

    /**
     * Forgets the connection: aborts its exchanges, frees its native state. If it sent a
     * CONNECTION_CLOSE, its connection ids stay routed to a copy of it for three PTOs (the closing
     * period), so that a peer that lost it is answered with it again instead of a Stateless Reset.
     */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Stream stream : streams.values()) {
            abort(stream, -1, "connection closed");
            server.metrics().streamClosed();
        }
        if (!handshakeDone) {
            server.handshakeFinished();
            server.metrics().error(org.quicfiles.bridge.TransportMetrics.HANDSHAKE);
        } else {
            server.metrics().connectionClosed();
        }
        server.forget(this, cids);
        if (closePacket != null) {
            server.closing(cids, closePacket, closePeer, 3 * Ngtcp2.connGetPto(conn));
        }
        free();
    }

    private void free() {
        closed = true;
        if (!conn.equals(MemorySegment.NULL)) {
            Ngtcp2.connDel(conn);
        }
        server.endQlog(id);
        if (!session.equals(MemorySegment.NULL)) {
            org.quicfiles.transport.ngtcp2.internal.ffi.GnuTls.deinit(session);
        }
        // ngtcp2 no longer points into the stream buffers once the connection is deleted
        for (Stream stream : streams.values()) {
            stream.send.close();
        }
        streams.clear();
        arena.close();
    }

    private void abort(Stream stream, long code, String reason) {
        if (stream.file != null) {
            stream.file.onAbort(code, reason);
        }
        if (stream.request != null) {
            stream.request.onClosed();
        }
    }

    private void register(Cid cid) {
        cids.add(cid);
        server.route(cid, this);
    }

    void afterCallback(Runnable action) {
        afterCallbacks.add(action);
    }

    private void runAfterCallbacks() {
        for (int i = 0; i < afterCallbacks.size(); i++) {
            afterCallbacks.get(i).run();
        }
        afterCallbacks.clear();
    }

    // ---- ngtcp2 callbacks (see ConnectionEvents) ----

    int onStreamData(long streamId, MemorySegment data, boolean fin) {
        Stream stream = streams.get(streamId);
        boolean opened = false;
        if (stream == null) {
            if ((streamId & 0x3) != 0) {
                // not a client-initiated bidirectional stream: the protocol has none
                afterCallback(() -> reset(streamId, org.quicfiles.api.ErrorCode.BAD_REQUEST.wireCode()));
                return 0;
            }
            stream = open(streamId);
            opened = true;
            giveStreamsBack(streamCredit.opened(streamId));
        }
        if (stream.request != null) {
            stream.request.onData(data, fin, () -> afterCallback(() -> reset(streamId, Wire.MALFORMED_FRAME_CODE)));
        } else {
            stream.file.onData(data, fin, remote);
            if (opened && stream.file.awaitingHeader()) {
                scheduleHeaderTimeout(streamId, stream);
            }
        }
        return 0;
    }

    /** Data in 0-RTT is about to arrive on {@code streamId}: counted once, when it opens the stream. */
    void onEarlyStreamData(long streamId) {
        if (!streams.containsKey(streamId)) {
            server.earlyDataStreamOpened();
        }
    }

    private Stream open(long streamId) {
        Stream stream;
        if (streamId == Wire.REQUEST_STREAM_ID) {
            stream = new Stream(streamId, null,
                    new RequestStream(this, server.router(), server.settings(), server.requestBudget(), server.abuse(),
                            server.logger(), server.failures()), server.sendMemory());
        } else {
            FileStream file = new FileStream(streamId, this, server.settings(), server.router(), server.logger());
            stream = new Stream(streamId, file, null, server.sendMemory());
        }
        streams.put(streamId, stream);
        server.metrics().streamOpened();
        return stream;
    }

    /**
     * Only a stream whose command block did not arrive whole with its first data gets a header timer:
     * a timer holds its stream until it fires, so one per stream held every small request's stream,
     * exchange and buffers for the whole header timeout (22,000 streams, 55 MB of an 80 MB heap at
     * 2,200 GET/s; full collections of up to a second; decision note 0305).
     */
    private void scheduleHeaderTimeout(long streamId, Stream stream) {
        server.schedule(server.settings().headerTimeout().toNanos(), () -> {
            if (!closed && streams.get(streamId) == stream) {
                stream.file.onHeaderTimeout();
                runAfterCallbacks();
            }
        });
    }

    int onAcked(long streamId, long offset, long length) {
        Stream stream = streams.get(streamId);
        if (stream != null) {
            stream.send.acked(offset + length);
            if (stream.file != null) {
                stream.file.onAcked(length);
            }
        }
        return 0;
    }

    private void giveStreamsBack(long count) {
        if (count > 0) {
            Ngtcp2.connExtendMaxStreamsBidi(conn, count);
        }
    }

    int onStreamClosed(long streamId, long code) {
        if ((streamId & 0x3) == 0) {
            // ngtcp2 0.12 never raises the peer's stream limit by itself (MAX_STREAMS); allowed inside this callback
            giveStreamsBack(streamCredit.closed(streamId));
        }
        Stream stream = streams.remove(streamId);
        if (stream != null) {
            server.metrics().streamClosed();
            abort(stream, code, "stream closed");
            // ngtcp2 is done with the stream's data once it reports it closed
            stream.send.close();
            writer.remove(stream);
        }
        return 0;
    }

    int onStreamReset(long streamId, long code) {
        Stream stream = streams.get(streamId);
        if (stream != null) {
            abort(stream, code, "the peer reset the stream with " + code);
        }
        return 0;
    }

    int onStopSending(long streamId, long code) {
        Stream stream = streams.get(streamId);
        if (stream != null) {
            abort(stream, code, "the peer stopped reading (STOP_SENDING " + code + ")");
        }
        return 0;
    }

    int onWindowOpened(long streamId) {
        Stream stream = streams.get(streamId);
        if (stream != null) {
            if (stream.file != null) {
                stream.file.onWindowOpened();
            }
            queue(stream);
        }
        return 0;
    }

    void onNewConnectionId(Cid cid) {
        register(cid);
    }

    void onConnectionIdRetired(Cid cid) {
        cids.remove(cid);
        server.unroute(cid);
    }

    // ---- FileExchange.StreamOwner ----

    @Override
    public java.util.concurrent.atomic.AtomicLong unreadOnConnection() {
        return unread;
    }

    @Override
    public void schedule(long delayNanos, Runnable action) {
        server.schedule(delayNanos, action);
    }

    @Override
    public void execute(Runnable task) {
        // every task checks closed itself: a send frees its chunk, the others find nothing to do
        server.execute(task);
    }

    @Override
    public void consumed(long streamId, long bytes) {
        if (closed || bytes <= 0) {
            return;
        }
        check("ngtcp2_conn_extend_max_stream_offset", Ngtcp2.connExtendMaxStreamOffset(conn, streamId, bytes));
        Ngtcp2.connExtendMaxOffset(conn, bytes);
        markDirty();
    }

    @Override
    public SendMemory sendMemory() {
        return server.sendMemory();
    }

    @Override
    public void send(long streamId, MemorySegment chunk) {
        Stream stream = closed ? null : streams.get(streamId);
        if (stream == null) {
            server.sendMemory().free(chunk);
            return;
        }
        stream.send.add(chunk);
        queue(stream);
    }

    @Override
    public void finish(long streamId) {
        Stream stream = closed ? null : streams.get(streamId);
        if (stream != null) {
            stream.send.finish();
            queue(stream);
        }
    }

    @Override
    public void reset(long streamId, long code) {
        if (closed) {
            return;
        }
        check("ngtcp2_conn_shutdown_stream", Ngtcp2.connShutdownStream(conn, streamId, code));
        Stream stream = streams.get(streamId);
        if (stream != null) {
            abort(stream, -1, "reset with " + code);
            writer.remove(stream);
        }
        markDirty();
    }

    @Override
    public String toString() {
        return "connection " + id + " from " + remote + " (" + TimeUnit.NANOSECONDS.toMillis(Math.max(0, expiry - System.nanoTime())) + " ms to its next timer)";
    }
}

package org.quicfiles.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicClientCodecBuilder;
import io.netty.handler.codec.quic.QuicSslContext;
import io.netty.handler.codec.quic.QuicSslContextBuilder;
import io.netty.util.concurrent.Promise;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.FileInfo;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.client.internal.BlockingStream;
import org.quicfiles.client.internal.PinningTrustManager;
import org.quicfiles.client.internal.RawWire;
import org.quicfiles.client.internal.RequestChannel;
import org.quicfiles.client.internal.StreamOpener;
import org.quicfiles.protocol.ContentIds;
import org.quicfiles.protocol.FileIds;
import org.quicfiles.protocol.Frame;
import org.quicfiles.protocol.GetHead;
import org.quicfiles.protocol.HeaderBlockParser;
import org.quicfiles.protocol.PutReply;
import org.quicfiles.protocol.RequestBody;
import org.quicfiles.protocol.Wire;

/**
 * A connection to a quic-files server. Thread-safe: {@link #put}, {@link #get}, {@link #request}
 * and {@link #stream} may run from many threads at once; each file operation uses its own stream
 * and stream-0 requests are matched to replies by request id. Transfers stream in 64 KiB chunks,
 * so memory stays bounded whatever the size.
 */
public final class QuicFilesClient implements AutoCloseable {
    private static final int MAX_UDP_PAYLOAD = 1350;
    private static final long MAX_DATA = 15L << 20;
    private static final long MAX_STREAM_DATA = 6L << 20;
    private static final int MAX_PUT_REPLY = 64 * 1024;
    private static final int BUFFER = 64 * 1024;
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final MultiThreadIoEventLoopGroup group;
    private final Channel datagrams;
    private final QuicChannel connection;
    private final RequestChannel requests;
    private final long timeoutMillis;
    private final boolean contentCheck;
    /** The deadline of the calls inside {@link #within} ({@link System#nanoTime} scale). */
    private static final ScopedValue<Long> DEADLINE = ScopedValue.newInstance();

    static {
        // the raw hooks for wire tests live outside the API, in the unexported internal package
        RawWire.register(new RawWire.Access() {
            @Override
            public byte[] exchange(QuicFilesClient client, byte[] bytes, boolean fin) throws IOException {
                return client.exchangeRaw(bytes, fin);
            }

            @Override
            public void sendRequestBytes(QuicFilesClient client, byte[] bytes) {
                client.requests.sendRaw(bytes);
            }
        });
    }

    private QuicFilesClient(MultiThreadIoEventLoopGroup group, Channel datagrams, QuicChannel connection,
                            RequestChannel requests, long timeoutMillis, boolean contentCheck) {
        this.group = group;
        this.contentCheck = contentCheck;
        this.datagrams = datagrams;
        this.connection = connection;
        this.requests = requests;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Connects, checks the server's identity (when a key is given) and opens the request stream.
     *
     * @throws IOException if the handshake fails (wrong key, no {@code quic-files} ALPN, no answer)
     */
    public static QuicFilesClient connect(ClientOptions options) throws IOException {
        long timeoutMillis = options.timeout().toMillis();
        String where = options.server().getHostString() + ":" + options.server().getPort();
        if (options.server().isUnresolved()) {
            throw new IOException("cannot connect to " + where + ": cannot resolve host '"
                    + options.server().getHostString() + "'");
        }
        PinningTrustManager trust = new PinningTrustManager(options.serverKey().map(ServerKey::bytes));
        QuicSslContext ssl = QuicSslContextBuilder.forClient()
                .trustManager(trust)
                .applicationProtocols(Wire.ALPN)
                .endpointIdentificationAlgorithm(null) // identity is the pinned key, not a host name
                .earlyData(true)
                .build();
        ChannelHandler codec = new QuicClientCodecBuilder()
                .sslEngineProvider(quic -> ssl.newEngine(quic.alloc(), Wire.SNI, options.server().getPort()))
                .maxIdleTimeout(timeoutMillis, TimeUnit.MILLISECONDS)
                .maxSendUdpPayloadSize(MAX_UDP_PAYLOAD)
                .maxRecvUdpPayloadSize(MAX_UDP_PAYLOAD)
                .initialMaxData(MAX_DATA)
                .initialMaxStreamDataBidirectionalLocal(MAX_STREAM_DATA)
                .initialMaxStreamDataBidirectionalRemote(MAX_STREAM_DATA)
                .initialMaxStreamsBidirectional(0)
                .initialMaxStreamsUnidirectional(0)
                .build();
        MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            // a connected UDP socket hears the ICMP "port unreachable" of a host where nothing listens
            // on the port, so the attempt ends at once instead of after the whole timeout
            Promise<QuicChannel> ready = group.next().newPromise();
            Channel datagrams = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel channel) {
                            channel.pipeline().addLast(new UnreachableWatch(ready), codec);
                        }
                    })
                    .connect(options.server()).sync().channel();
            QuicChannel.newBootstrap(datagrams)
                    .handler(new StreamOpener())
                    .streamHandler(new ChannelInboundHandlerAdapter())
                    .remoteAddress(options.server())
                    .connect()
                    .addListener(attempt -> {
                        if (attempt.isSuccess()) {
                            if (!ready.trySuccess((QuicChannel) attempt.getNow())) {
                                ((QuicChannel) attempt.getNow()).close();
                            }
                        } else {
                            ready.tryFailure(attempt.cause());
                        }
                    });
            QuicChannel connection = ready.get(timeoutMillis, TimeUnit.MILLISECONDS);
            RequestChannel requests = RequestChannel.open(connection, timeoutMillis);
            return new QuicFilesClient(group, datagrams, connection, requests, timeoutMillis, options.contentCheck());
        } catch (ExecutionException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            if (e.getCause() instanceof java.net.PortUnreachableException) {
                throw new IOException("cannot connect to " + where + ": nothing listens on that UDP port"
                        + " (ICMP port unreachable); is the server running?", e.getCause());
            }
            if (trust.refusal().isPresent()) {
                throw new IOException("cannot connect to " + where + ": " + trust.refusal().get().getMessage(),
                        trust.refusal().get());
            }
            throw new IOException("cannot connect to " + where + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("cannot connect to " + where + ": no answer within " + options.timeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw new IOException("interrupted while connecting", e);
        } catch (IOException | RuntimeException e) {
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /**
     * Uploads exactly {@code size} bytes from {@code source}.
     *
     * @param ttlSeconds requested time to live; empty = the server's maximum
     * @return the stored file: id, size, upload time and expiry from the server's reply
     * @throws QuicFilesClientException if the server refused (e.g. 451 size, 452 short body)
     */
    public FileInfo put(ReadableByteChannel source, long size, OptionalLong ttlSeconds) throws IOException {
        Bt.Dict.Builder header = Bt.Dict.builder().put("!", "PUT").put("s", size);
        ttlSeconds.ifPresent(ttl -> header.put("t", ttl));
        try (BlockingStream stream = openStream()) {
            try {
                sendOrReportReset(stream, () -> {
                    ByteBuffer block = ByteBuffer.wrap(HeaderBlockParser.encode(header.build()));
                    if (size == 0) {
                        stream.writeAndFinish(block);
                    } else {
                        stream.write(block);
                        pump(source, stream, size);
                    }
                });
            } catch (QuicFilesClientException e) {
                throw e;
            } catch (SourceFailure e) {
                stream.reset(ErrorCode.ABANDONED.wireCode());
                throw e.cause();
            } catch (IOException e) {
                stream.reset(ErrorCode.ABANDONED.wireCode());
                throw e;
            }
            PutReply reply = decode(() -> PutReply.decode(stream.readAll(MAX_PUT_REPLY)));
            return new FileInfo(reply.id(), size, reply.uploaded(), reply.expiry());
        }
    }

    /**
     * Downloads file {@code id} into {@code sink}. The content of a content id (44 characters) is
     * checked against the id as it arrives (unless {@link ClientOptions#withoutContentCheck}); a
     * compatibility id (decimal) names no content and is not.
     *
     * @return the file's size, upload time and expiry from the server's head; {@code id()} is {@code id}
     * @throws QuicFilesClientException if the server refused (e.g. 404, 400)
     * @throws ContentMismatchException if the content does not hash to its content id (after the
     *     sink has received it all)
     */
    public FileInfo get(String id, WritableByteChannel sink) throws IOException {
        return get(id, sink, head -> { });
    }

    /**
     * Downloads file {@code id} into {@code sink}, telling {@code onHead} the file's size, upload time
     * and expiry as soon as the server's head arrives, before the first byte of content (for a progress
     * display, or to refuse a file that is too large by throwing). The content of a content id is
     * checked as in {@link #get(String, WritableByteChannel)}.
     *
     * @return the file's size, upload time and expiry from the server's head; {@code id()} is {@code id}
     * @throws QuicFilesClientException if the server refused (e.g. 404, 400)
     * @throws ContentMismatchException if the content does not hash to its content id (after the
     *     sink has received it all)
     */
    public FileInfo get(String id, WritableByteChannel sink, Consumer<FileInfo> onHead) throws IOException {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(onHead, "onHead");
        try (BlockingStream stream = openStream()) {
            stream.writeAndFinish(ByteBuffer.wrap(HeaderBlockParser.encode(Bt.Dict.builder().put("!", "GET").put("#", id).build())));
            ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
            HeaderBlockParser parser = new HeaderBlockParser(HeaderBlockParser.DEFAULT_MAX_SIZE);
            Optional<Bt.Dict> head = Optional.empty();
            while (head.isEmpty()) {
                if (stream.read(buffer.clear()) < 0) {
                    throw new IOException("the server ended the stream inside the GET head");
                }
                ByteBuffer received = buffer.flip();
                head = decode(() -> parser.feed(received));
            }
            Bt.Dict headDict = head.get();
            GetHead info = decode(() -> GetHead.fromHeader(headDict));
            long remaining = info.size();
            ContentIds.Hasher content = contentCheck && FileIds.isContentId(id) ? ContentIds.hasher() : null;
            try {
                onHead.accept(new FileInfo(id, info.size(), info.uploaded(), info.expiry()));
                while (true) {
                    if (buffer.remaining() > remaining) {
                        stream.reset(ErrorCode.ABANDONED.wireCode());
                        throw new IOException("the server sent more than the " + info.size() + " bytes it announced");
                    }
                    remaining -= buffer.remaining();
                    if (content != null) {
                        content.update(buffer);
                    }
                    while (buffer.hasRemaining()) {
                        sink.write(buffer);
                    }
                    if (stream.read(buffer.clear()) < 0) {
                        break;
                    }
                    buffer.flip();
                }
            } catch (IOException e) {
                if (!(e instanceof QuicFilesClientException)) {
                    stream.reset(ErrorCode.ABANDONED.wireCode());
                }
                throw e;
            }
            if (remaining != 0) {
                throw new IOException("the server ended the file " + remaining + " bytes early");
            }
            if (content != null && !content.matches(id)) {
                throw new ContentMismatchException(id);
            }
            return new FileInfo(id, info.size(), info.uploaded(), info.expiry());
        }
    }

    /**
     * Calls a stream-0 endpoint.
     *
     * @return the reply body
     * @throws RequestFailedException on an error reply (its body says why)
     * @throws QuicFilesClientException if the server closed the request stream (e.g. 777000105)
     */
    public byte[] request(String endpoint, byte[] body) throws IOException {
        long wait = timeoutMillis;
        if (DEADLINE.isBound()) {
            long left = TimeUnit.NANOSECONDS.toMillis(DEADLINE.get() - System.nanoTime());
            if (left <= 0) {
                throw new java.net.SocketTimeoutException("the call's deadline passed");
            }
            wait = Math.min(wait, left);
        }
        Frame reply = requests.call(endpoint, body, wait);
        if (reply instanceof Frame.ErrorReply error) {
            throw new RequestFailedException(endpoint, error.body());
        }
        return reply.body();
    }

    /**
     * A generic file-stream call for custom stream commands: sends {@code header} as the command
     * block, then all of {@code body} and FIN, while copying the response into {@code response}
     * until the server's FIN. Upload and download run concurrently, so commands that answer while
     * still reading (echo) work at any size.
     *
     * <pre>{@code
     * client.stream(Map.of("!", "UPPER"), Channels.newChannel(in), Channels.newChannel(out));
     * }</pre>
     *
     * @param header the command block's fields, the command under {@code "!"}: values are
     *     {@code String}, {@code Long} or {@code Integer}, {@code byte[]}, and {@code List} and
     *     {@code Map<String, ?>} of those; the block is sent as a bt dictionary, keys in byte order
     * @throws IllegalArgumentException if a value is none of those types
     * @throws QuicFilesClientException if the server reset the stream
     */
    public void stream(Map<String, ?> header, ReadableByteChannel body, WritableByteChannel response) throws IOException {
        // the protocol encodes plain values to bt (as for plugin replies); decoding the small result
        // back gives the Bt.Dict the header block codec takes
        byte[] block = HeaderBlockParser.encode(Bt.decodeDict(RequestBody.encode(Request.Form.BT, header)));
        try (BlockingStream stream = openStream()) {
            Uploader uploader = new Uploader(stream, block, body);
            Thread upload = Thread.ofVirtual().name("quicfiles-upload-" + stream.streamId()).start(uploader);
            try {
                ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
                while (stream.read(buffer.clear()) >= 0) {
                    buffer.flip();
                    while (buffer.hasRemaining()) {
                        response.write(buffer);
                    }
                }
            } catch (IOException e) {
                if (!(e instanceof QuicFilesClientException)) {
                    stream.reset(ErrorCode.ABANDONED.wireCode());
                }
                throw e;
            } finally {
                joinQuietly(upload);
            }
            uploader.throwIfFailed();
        }
    }

    /** Sends raw bytes on a new file stream, for {@link RawWire} (tests of the wire protocol). */
    private byte[] exchangeRaw(byte[] bytes, boolean fin) throws IOException {
        try (BlockingStream stream = openStream()) {
            sendOrReportReset(stream, () -> {
                if (fin) {
                    stream.writeAndFinish(ByteBuffer.wrap(bytes));
                } else {
                    stream.write(ByteBuffer.wrap(bytes));
                }
            });
            return stream.readAll(16 << 20);
        }
    }

    /** A client call, or several, to run within a deadline ({@link #within}). */
    @FunctionalInterface
    public interface Call<T> {
        /** Makes the calls. */
        T run() throws IOException;
    }

    /**
     * Runs {@code call} on this thread with a deadline {@code limit} from now: every call of this
     * client that {@code call} makes (put, get, stream, request) ends by then, failing with a
     * {@link java.net.SocketTimeoutException} and abandoning its stream (499) if it is not done.
     * Without a deadline a call still fails when the server makes no progress for the client's
     * timeout. Any call can also be interrupted: it then fails with an
     * {@link java.io.InterruptedIOException}, the thread's interrupt status set.
     *
     * @return what {@code call} returns
     */
    public <T> T within(Duration limit, Call<T> call) throws IOException {
        Objects.requireNonNull(call, "call");
        if (limit.isNegative() || limit.isZero()) {
            throw new IllegalArgumentException("limit must be positive");
        }
        long deadline = System.nanoTime() + limit.toNanos();
        if (DEADLINE.isBound()) {
            deadline = Math.min(deadline, DEADLINE.get());
        }
        return ScopedValue.where(DEADLINE, deadline).call(call::run);
    }

    /** A new stream, its waits bounded by the client's timeout and the deadline of {@link #within}, if any. */
    private BlockingStream openStream() throws IOException {
        return BlockingStream.open(connection, Duration.ofMillis(timeoutMillis),
                DEADLINE.isBound() ? DEADLINE.get() : Long.MAX_VALUE);
    }

    /** Closes the connection (CONNECTION_CLOSE, code 0) and its event loop. */
    @Override
    public void close() {
        if (connection.isActive()) {
            connection.close(true, 0, Unpooled.EMPTY_BUFFER);
            // the CONNECTION_CLOSE must leave the socket before it closes: wait until QUIC is done
            connection.closeFuture().awaitUninterruptibly(Math.min(timeoutMillis, CLOSE_WAIT_MILLIS));
        }
        // the QUIC codec may hold the CONNECTION_CLOSE packet in its flush batch: push it out first
        datagrams.flush();
        datagrams.close().awaitUninterruptibly(timeoutMillis);
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    private interface Sending {
        void run() throws IOException;
    }

    /**
     * Runs the sending half of a stream call. When a write fails because the server stopped our
     * upload (STOP_SENDING), the server's RESET_STREAM code says why (405, 451, 453, 499, ...):
     * that code is thrown as a {@link QuicFilesClientException}, the write failure suppressed in it.
     * A failure with no code behind it, and a {@link SourceFailure}, are rethrown as they are.
     */
    private static void sendOrReportReset(BlockingStream stream, Sending sending) throws IOException {
        try {
            sending.run();
        } catch (QuicFilesClientException | SourceFailure e) {
            throw e;
        } catch (IOException e) {
            drainForResetCode(stream, e);
            throw e;
        }
    }

    /** Reads what the server still sends; throws its reset code if it reset the stream. */
    private static void drainForResetCode(BlockingStream stream, IOException writeFailure) throws IOException {
        try {
            stream.readAll(MAX_PUT_REPLY);
        } catch (QuicFilesClientException reset) {
            reset.addSuppressed(writeFailure);
            throw reset;
        } catch (IOException other) {
            // no code to report: the caller rethrows the write failure
        }
    }

    /**
     * Sends {@code size} bytes of {@code source}, FIN with the last of them. FIN never goes alone
     * after a complete body: a lost STREAM frame that carries only FIN was never sent again by the
     * client's QUIC stack (load/README, "a lost upload FIN"), and the upload hung until the
     * server's min-rate reset; a FIN with bytes is resent with them.
     */
    private static void pump(ReadableByteChannel source, BlockingStream stream, long size) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
        long left = size;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), left));
            int n;
            try {
                n = source.read(buffer);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
            if (n < 0) {
                stream.finishWriting(); // short source: the server answers 452
                return;
            }
            left -= n;
            if (left == 0) {
                stream.writeAndFinish(buffer.flip());
            } else {
                stream.write(buffer.flip());
            }
        }
    }

    private static void joinQuietly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The upload's source failed: a local problem, not the server's answer. */
    private static final class SourceFailure extends IOException {
        private static final long serialVersionUID = 1L;

        SourceFailure(IOException cause) {
            super(cause);
        }

        IOException cause() {
            return (IOException) getCause();
        }
    }

    private interface Decoding<T> {
        T run() throws IOException;
    }

    private static <T> T decode(Decoding<T> decoding) throws IOException {
        try {
            return decoding.run();
        } catch (QuicFilesException e) {
            throw new IOException("malformed answer from the server: " + e.getMessage(), e);
        }
    }

    /** Sends the command block, the body and FIN of a generic stream call. */
    private static final class Uploader implements Runnable {
        private final BlockingStream stream;
        private final byte[] block;
        private final ReadableByteChannel body;
        private volatile IOException failure;

        Uploader(BlockingStream stream, byte[] block, ReadableByteChannel body) {
            this.stream = stream;
            this.block = block;
            this.body = body;
        }

        @Override
        public void run() {
            try {
                // one piece held back, so that FIN leaves with the last bytes (see pump)
                ByteBuffer pending = ByteBuffer.wrap(block);
                ByteBuffer[] buffers = {ByteBuffer.allocate(BUFFER), ByteBuffer.allocate(BUFFER)};
                int turn = 0;
                while (readBody(buffers[turn].clear()) >= 0) {
                    ByteBuffer next = buffers[turn];
                    if (next.position() > 0) {
                        stream.write(pending); // copied: pending's buffer is free once this returns
                        pending = next.flip();
                        turn ^= 1;
                    }
                }
                stream.writeAndFinish(pending);
            } catch (QuicFilesClientException e) {
                failure = null; // the reader sees the same reset and reports it
            } catch (SourceFailure e) {
                failure = e.cause();
                stream.reset(ErrorCode.ABANDONED.wireCode());
            } catch (IOException e) {
                // the server stopped reading (STOP_SENDING): as for put, leave the stream to the
                // reader, which gets the server's reset code; abandoning it here raced that code
                failure = e;
            }
        }

        private int readBody(ByteBuffer buffer) throws SourceFailure {
            try {
                return body.read(buffer);
            } catch (IOException e) {
                throw new SourceFailure(e);
            }
        }

        void throwIfFailed() throws IOException {
            if (failure != null) {
                throw failure;
            }
        }
    }

    /** Fails the connection attempt when the socket reports that nothing listens on the server's port. */
    private static final class UnreachableWatch extends ChannelInboundHandlerAdapter {
        private final Promise<QuicChannel> ready;

        UnreachableWatch(Promise<QuicChannel> ready) {
            this.ready = ready;
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
            if (cause instanceof java.net.PortUnreachableException && !ready.isDone()) {
                ready.tryFailure(cause);
                return;
            }
            context.fireExceptionCaught(cause);
        }
    }
}

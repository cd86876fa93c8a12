package org.quicfiles.transport.ngtcp2.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.endpoint.StreamExchange;
import org.quicfiles.api.spi.Router;
import org.quicfiles.protocol.GetHead;
import org.quicfiles.protocol.PutReply;

/**
 * A small file server in memory for the transport's tests: PUT and GET on file streams and
 * {@code file_info} / {@code file_extend} on stream 0, with the protocol's sizes and error codes
 * (451 bad size, 452 short, 453 long, 404 unknown). Ids are decimal counters (the protocol's
 * compatibility ids); bt bodies only.
 */
final class InMemoryFileRouter implements Router {
    static final long MAX_SIZE = 10_223_616;
    static final Duration MAX_TTL = Duration.ofDays(14);
    static final Duration MIN_TTL = Duration.ofSeconds(30);

    private record StoredFile(byte[] content, long uploaded, long expiry) {
    }

    private final Map<String, StoredFile> files = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong(1);
    private final Map<String, StreamCommand> commands = Map.of("PUT", this::put, "GET", this::get,
            // answers at once and leaves the request body unread (the transport must still give its bytes back)
            "IGNORE", exchange -> exchange.write(ByteBuffer.wrap(new byte[] {'o', 'k'})));
    private final Map<String, RequestEndpoint> endpoints = Map.of("file_info", this::fileInfo, "file_extend", this::fileExtend);

    /** Drops file {@code id} (tests that upload round after round keep their memory bounded). */
    void forget(String id) {
        files.remove(id);
    }

    @Override
    public Optional<StreamCommand> streamCommand(String name) {
        return Optional.ofNullable(commands.get(name));
    }

    @Override
    public Optional<RequestEndpoint> requestEndpoint(String name) {
        return Optional.ofNullable(endpoints.get(name));
    }

    private void put(StreamExchange exchange) throws Exception {
        long size = exchange.header().integer("s")
                .orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "no 's'"));
        if (size <= 0 || size > MAX_SIZE) {
            throw new QuicFilesException(ErrorCode.BAD_SIZE, "size " + size);
        }
        long ttl = clampTtl(exchange.header().integer("t").orElse(MAX_TTL.toSeconds()));
        ByteArrayOutputStream content = new ByteArrayOutputStream((int) size);
        ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
        int n;
        while ((n = exchange.read(buffer.clear())) >= 0) {
            if (content.size() + (long) n > size) {
                throw new QuicFilesException(ErrorCode.TOO_LONG, "more than " + size + " bytes");
            }
            content.write(buffer.array(), 0, n);
        }
        if (content.size() < size) {
            throw new QuicFilesException(ErrorCode.TOO_SHORT, content.size() + " of " + size + " bytes");
        }
        long now = now();
        String id = Long.toString(nextId.getAndIncrement());
        files.put(id, new StoredFile(content.toByteArray(), now, now + ttl));
        exchange.write(ByteBuffer.wrap(new PutReply(id, now, now + ttl).encode()));
    }

    private void get(StreamExchange exchange) throws Exception {
        StoredFile file = find(exchange.header().string("#")
                .orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "no '#'")));
        exchange.write(ByteBuffer.wrap(new GetHead(file.content().length, file.uploaded(), file.expiry()).encode()));
        // through transferFrom, as the files endpoint sends: the transport reads into its native chunks
        exchange.transferFrom(java.nio.channels.Channels.newChannel(new java.io.ByteArrayInputStream(file.content())),
                file.content().length, true);
    }

    private Map<String, ?> fileInfo(Request request) {
        String id = id(request);
        StoredFile file = find(id);
        return Map.of("#", id, "s", (long) file.content().length, "u", file.uploaded(), "x", file.expiry());
    }

    private Map<String, ?> fileExtend(Request request) {
        String id = id(request);
        long ttl = clampTtl(request.integer("t").orElse(MAX_TTL.toSeconds()));
        StoredFile file = files.computeIfPresent(id, (key, old) ->
                new StoredFile(old.content(), old.uploaded(), Math.max(old.expiry(), now() + ttl)));
        if (file == null) {
            throw new QuicFilesException(ErrorCode.NOT_FOUND, "no file " + id);
        }
        return Map.of("#", id, "u", file.uploaded(), "x", file.expiry());
    }

    private static String id(Request request) {
        return request.string("#").orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "no '#'"));
    }

    private StoredFile find(String id) {
        StoredFile file = files.get(id);
        if (file == null || file.expiry() <= now()) {
            throw new QuicFilesException(ErrorCode.NOT_FOUND, "no file " + id);
        }
        return file;
    }

    private static long clampTtl(long ttl) {
        return Math.clamp(ttl, MIN_TTL.toSeconds(), MAX_TTL.toSeconds());
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }
}

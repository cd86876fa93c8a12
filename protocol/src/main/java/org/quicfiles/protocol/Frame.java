package org.quicfiles.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * One request-stream (stream 0) message: {@code <len>:} then a bt list {@code C}/{@code R}/{@code E}.
 *
 * <p>Ownership of the body: a frame takes the array it is given and hands the same array out, without
 * copying (a body can be megabytes, and a frame is built and read once on one thread). Whoever creates a
 * frame gives up the array; whoever reads {@link #body()} must not modify it. Equality compares contents.
 */
public sealed interface Frame permits Frame.Command, Frame.Reply, Frame.ErrorReply {

    /** The request id this message carries. */
    long requestId();

    /** The body bytes: the frame's own array, not a copy; do not modify it. */
    byte[] body();

    /** The bt list of this message, without the length prefix. */
    Bt.Lst toBt();

    /**
     * The wire form: {@code <len>:} then the bt list, the same bytes as {@link #toBt()} encoded, written
     * straight into one array of the exact size (the body is copied once, into the message).
     */
    default byte[] encode() {
        return switch (this) {
            case Command command -> encode('C', command.requestId(),
                    command.endpoint().getBytes(StandardCharsets.UTF_8), command.body());
            case Reply reply -> encode('R', reply.requestId(), null, reply.body());
            case ErrorReply error -> encode('E', error.requestId(), null, error.body());
        };
    }

    private static byte[] encode(char kind, long requestId, byte[] endpoint, byte[] body) {
        byte[] id = ("i" + requestId + "e").getBytes(StandardCharsets.US_ASCII);
        byte[] endpointLength = endpoint == null ? new byte[0] : (endpoint.length + ":").getBytes(StandardCharsets.US_ASCII);
        byte[] bodyLength = (body.length + ":").getBytes(StandardCharsets.US_ASCII);
        int list = 1 + 3 + id.length + endpointLength.length + (endpoint == null ? 0 : endpoint.length)
                + bodyLength.length + body.length + 1;
        byte[] prefix = (list + ":").getBytes(StandardCharsets.US_ASCII);
        ByteBuffer out = ByteBuffer.allocate(prefix.length + list);
        out.put(prefix).put((byte) 'l').put((byte) '1').put((byte) ':').put((byte) kind).put(id);
        if (endpoint != null) {
            out.put(endpointLength).put(endpoint);
        }
        return out.put(bodyLength).put(body).put((byte) 'e').array();
    }

    /**
     * Decodes the bt list of one message (the bytes after {@code <len>:}).
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if it is not a valid message
     */
    static Frame decode(byte[] list) {
        if (!(Bt.decode(list) instanceof Bt.Lst(List<Bt> items)) || items.isEmpty()
                || !(items.getFirst() instanceof Bt.Str(byte[] kind)) || kind.length != 1) {
            throw bad("stream-0 message is not a list starting with C, R or E");
        }
        return switch (kind[0]) {
            case 'C' -> {
                if (items.size() != 4 || !(items.get(2) instanceof Bt.Str endpoint)) {
                    throw bad("command needs id, endpoint and body");
                }
                yield new Command(requestId(items), endpoint.text(), body(items.get(3)));
            }
            case 'R' -> {
                requireSize(items, 3);
                yield new Reply(requestId(items), body(items.get(2)));
            }
            case 'E' -> {
                requireSize(items, 3);
                yield new ErrorReply(requestId(items), body(items.get(2)));
            }
            default -> throw bad("unknown stream-0 message kind");
        };
    }

    private static void requireSize(List<Bt> items, int size) {
        if (items.size() != size) {
            throw bad("stream-0 message has " + items.size() + " items, expected " + size);
        }
    }

    private static long requestId(List<Bt> items) {
        if (items.get(1) instanceof Bt.Int(long id) && id >= 0) {
            return id;
        }
        throw bad("request id is not a non-negative integer");
    }

    private static byte[] body(Bt item) {
        if (item instanceof Bt.Str str) {
            return str.bytes();
        }
        throw bad("body is not a string");
    }

    private static QuicFilesException bad(String message) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, message);
    }

    /**
     * A command: call {@code endpoint} with {@code body}.
     *
     * @param requestId chosen by the sender, counting up from 0
     * @param endpoint the endpoint name
     * @param body the body bytes
     */
    record Command(long requestId, String endpoint, byte[] body) implements Frame {
        /** Takes {@code body} without copying it. */
        public Command {
            Objects.requireNonNull(endpoint, "endpoint");
            Objects.requireNonNull(body, "body");
        }

        @Override
        public Bt.Lst toBt() {
            return Bt.Lst.of(Bt.Str.of("C"), new Bt.Int(requestId), Bt.Str.of(endpoint), new Bt.Str(body));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Command c && c.requestId == requestId && c.endpoint.equals(endpoint)
                    && Arrays.equals(c.body, body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, endpoint, Arrays.hashCode(body));
        }
    }

    /**
     * A successful reply.
     *
     * @param requestId the id of the command it answers
     * @param body the reply body
     */
    record Reply(long requestId, byte[] body) implements Frame {
        /** Takes {@code body} without copying it. */
        public Reply {
            Objects.requireNonNull(body, "body");
        }

        @Override
        public Bt.Lst toBt() {
            return Bt.Lst.of(Bt.Str.of("R"), new Bt.Int(requestId), new Bt.Str(body));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Reply r && r.requestId == requestId && Arrays.equals(r.body, body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, Arrays.hashCode(body));
        }
    }

    /**
     * An error reply.
     *
     * @param requestId the id of the command it answers
     * @param body the error body ({@code NOT_FOUND}, {@code {"error":"NOT_FOUND"}}, {@code Invalid endpoint 'x'})
     */
    record ErrorReply(long requestId, byte[] body) implements Frame {
        /** Takes {@code body} without copying it. */
        public ErrorReply {
            Objects.requireNonNull(body, "body");
        }

        @Override
        public Bt.Lst toBt() {
            return Bt.Lst.of(Bt.Str.of("E"), new Bt.Int(requestId), new Bt.Str(body));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof ErrorReply r && r.requestId == requestId && Arrays.equals(r.body, body);
        }

        @Override
        public int hashCode() {
            return Objects.hash(requestId, Arrays.hashCode(body));
        }
    }
}

package org.quicfiles.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.Map;
import java.util.Objects;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.api.endpoint.StreamExchange;

/**
 * An in-memory {@link StreamExchange} for testing a {@link
 * org.quicfiles.api.endpoint.StreamCommand} without a network: it serves a header and a body in
 * chunks of a size the test picks, then FIN (or a peer reset), and captures what the command
 * writes. It can simulate a peer that stops reading (STOP_SENDING, 499) after a number of bytes.
 * Used by one command on one thread.
 *
 * <pre>{@code
 * InMemoryExchange exchange = InMemoryExchange.withHeader(Map.of("!", "PUT", "s", 5))
 *         .body("hello".getBytes(UTF_8), 2);
 * command.handle(exchange);
 * byte[] reply = exchange.written();
 * }</pre>
 */
public final class InMemoryExchange implements StreamExchange {
    private final Request header;
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private boolean resetAfterBody;
    private long stopReadingAfter = Long.MAX_VALUE;
    private Runnable afterFirstWrite = () -> { };
    private boolean ended;
    private int writes;
    private InetSocketAddress remoteAddress = new InetSocketAddress("127.0.0.1", 40000);

    private InMemoryExchange(Request header) {
        this.header = Objects.requireNonNull(header, "header");
    }

    /** An exchange whose command header is {@code header} and whose body is empty until {@link #body} adds one. */
    public static InMemoryExchange withHeader(Request header) {
        return new InMemoryExchange(header);
    }

    /**
     * An exchange whose command header has {@code fields} (a bt header block, as the server parses
     * one: {@code Integer} values are read as {@code Long}).
     */
    public static InMemoryExchange withHeader(Map<String, ?> fields) {
        return new InMemoryExchange(Request.of(Request.Form.BT, fields));
    }

    /** Appends {@code body} to what the command reads, served in reads of at most {@code chunkSize} bytes. */
    public InMemoryExchange body(byte[] body, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunkSize < 1");
        }
        for (int offset = 0; offset < body.length; offset += chunkSize) {
            chunks.add(Arrays.copyOfRange(body, offset, Math.min(body.length, offset + chunkSize)));
        }
        return this;
    }

    /** The peer resets the stream (499) after the body instead of sending FIN. */
    public InMemoryExchange resetAfterBody() {
        resetAfterBody = true;
        return this;
    }

    /** The peer sends STOP_SENDING (499) once {@code bytes} have been written: a write beyond fails. */
    public InMemoryExchange stopReadingAfter(long bytes) {
        stopReadingAfter = bytes;
        return this;
    }

    /** Runs {@code action} once, right after the first write (e.g. to delete a blob mid-download). */
    public InMemoryExchange afterFirstWrite(Runnable action) {
        afterFirstWrite = Objects.requireNonNull(action, "action");
        return this;
    }

    /** The peer address the command sees; 127.0.0.1:40000 by default. */
    public InMemoryExchange remoteAddress(InetSocketAddress address) {
        remoteAddress = Objects.requireNonNull(address, "address");
        return this;
    }

    /** Whether the command said where its response ends ({@code write(src, true)}). */
    public boolean endedExplicitly() {
        return ended;
    }

    /** How many writes the command made (each is a task for a transport's event loop). */
    public int writes() {
        return writes;
    }

    /** Everything the command has written so far. */
    public byte[] written() {
        return written.toByteArray();
    }

    @Override
    public Request header() {
        return header;
    }

    @Override
    public int read(ByteBuffer dst) throws StreamAbortedException {
        byte[] chunk = chunks.poll();
        if (chunk == null) {
            if (resetAfterBody) {
                throw new StreamAbortedException(ErrorCode.ABANDONED.wireCode(), "peer reset");
            }
            return -1;
        }
        int count = Math.min(chunk.length, dst.remaining());
        dst.put(chunk, 0, count);
        if (count < chunk.length) {
            chunks.push(Arrays.copyOfRange(chunk, count, chunk.length));
        }
        return count;
    }

    @Override
    public void write(ByteBuffer src) throws StreamAbortedException {
        try {
            write(src, false);
        } catch (StreamAbortedException e) {
            throw e;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Like a transport: with {@code last} the response ends, and a later write fails. */
    @Override
    public void write(ByteBuffer src, boolean last) throws IOException {
        if (ended) {
            throw new IOException("the response has ended");
        }
        ended = last;
        writes++;
        if (written.size() + (long) src.remaining() > stopReadingAfter) {
            throw new StreamAbortedException(ErrorCode.ABANDONED.wireCode(), "peer stopped reading");
        }
        byte[] bytes = new byte[src.remaining()];
        src.get(bytes);
        written.writeBytes(bytes);
        Runnable action = afterFirstWrite;
        afterFirstWrite = () -> { };
        action.run();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }
}

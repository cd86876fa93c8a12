package org.quicfiles.endpoints.files.internal;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Deque;
import org.quicfiles.api.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.endpoint.StreamAbortedException;
import org.quicfiles.api.endpoint.StreamExchange;

/**
 * An in-memory {@link StreamExchange}: serves a header and a body in fixed-size chunks, then FIN
 * (or a peer reset), and captures what the command writes, optionally failing writes with a peer
 * STOP_SENDING (499) once a number of bytes has been written.
 */
final class FakeExchange implements StreamExchange {
    private final Bt.Dict header;
    private final Deque<byte[]> chunks = new ArrayDeque<>();
    private final ByteArrayOutputStream written = new ByteArrayOutputStream();
    private boolean resetAfterBody;
    private long stopReadingAfter = Long.MAX_VALUE;
    private Runnable afterFirstWrite = () -> { };

    private FakeExchange(Bt.Dict header) {
        this.header = header;
    }

    static FakeExchange put(long size, byte[] body, int chunkSize) {
        return new FakeExchange(Bt.Dict.builder().put("!", "PUT").put("s", size).build()).body(body, chunkSize);
    }

    static FakeExchange withHeader(Bt.Dict header) {
        return new FakeExchange(header);
    }

    static FakeExchange get(String id) {
        return new FakeExchange(Bt.Dict.builder().put("!", "GET").put("#", id).build());
    }

    FakeExchange body(byte[] body, int chunkSize) {
        for (int offset = 0; offset < body.length; offset += chunkSize) {
            byte[] chunk = new byte[Math.min(chunkSize, body.length - offset)];
            System.arraycopy(body, offset, chunk, 0, chunk.length);
            chunks.add(chunk);
        }
        return this;
    }

    /** The peer resets the stream after the body instead of sending FIN. */
    FakeExchange resetAfterBody() {
        resetAfterBody = true;
        return this;
    }

    /** The peer sends STOP_SENDING (499) once {@code bytes} have been written. */
    FakeExchange stopReadingAfter(long bytes) {
        stopReadingAfter = bytes;
        return this;
    }

    /** Runs {@code action} once, right after the first write (e.g. to delete the blob mid-download). */
    FakeExchange afterFirstWrite(Runnable action) {
        afterFirstWrite = action;
        return this;
    }

    byte[] written() {
        return written.toByteArray();
    }

    @Override
    public Bt.Dict header() {
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
            byte[] rest = new byte[chunk.length - count];
            System.arraycopy(chunk, count, rest, 0, rest.length);
            chunks.push(rest);
        }
        return count;
    }

    @Override
    public void write(ByteBuffer src) throws StreamAbortedException {
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
        return new InetSocketAddress("127.0.0.1", 40000);
    }
}

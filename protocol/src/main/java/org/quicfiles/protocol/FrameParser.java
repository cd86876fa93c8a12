package org.quicfiles.protocol;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.quicfiles.api.QuicFilesException;

/**
 * Incremental parser of the request stream: any number of {@link Frame}s, split anywhere. After a
 * malformed frame the stream is unusable: close it with {@link Wire#MALFORMED_FRAME_CODE}. Not
 * thread-safe.
 */
public final class FrameParser {
    private final LengthPrefixedParser block;
    private boolean failed;

    /** A parser with the protocol's {@value Wire#MAX_FRAME_SIZE}-byte cap. */
    public FrameParser() {
        this(Wire.MAX_FRAME_SIZE);
    }

    /** @param maxFrameSize the largest message accepted */
    public FrameParser(int maxFrameSize) {
        this.block = new LengthPrefixedParser(maxFrameSize);
    }

    /**
     * Consumes all of {@code in}.
     *
     * @return the frames completed by these bytes, in order (often none)
     * @throws QuicFilesException with {@code BAD_REQUEST} on a malformed frame (the frames completed
     *         before it in {@code in} are lost; use {@link #feed(ByteBuffer, Consumer)} to keep them)
     */
    public List<Frame> feed(ByteBuffer in) {
        List<Frame> frames = new ArrayList<>();
        feed(in, frames::add);
        return frames;
    }

    /**
     * Consumes all of {@code in}, handing each completed frame to {@code sink} as soon as it is
     * complete, so that what a peer gets does not depend on how its bytes were split into packets:
     * every frame before a malformed one is delivered, then the exception is thrown.
     *
     * @throws QuicFilesException with {@code BAD_REQUEST} on a malformed frame
     */
    public void feed(ByteBuffer in, Consumer<Frame> sink) {
        if (failed) {
            throw new IllegalStateException("the stream already carried a malformed frame");
        }
        try {
            while (in.hasRemaining()) {
                Optional<byte[]> payload = block.feed(in);
                if (payload.isPresent()) {
                    Frame frame = Frame.decode(payload.get());
                    block.reset();
                    sink.accept(frame);
                }
            }
        } catch (QuicFilesException e) {
            failed = true;
            throw e;
        }
    }

    /** The bytes buffered for the current block (for tests of bounded allocation). */
    int bufferCapacity() {
        return block.bufferCapacity();
    }

    /** The bytes held for the frame in progress (its buffer grows with what arrived), for memory accounting. */
    public int heldBytes() {
        return block.heldBytes();
    }

    /** Whether a frame was started but not finished (relevant when the stream ends). */
    public boolean inMiddleOfFrame() {
        return block.started();
    }
}

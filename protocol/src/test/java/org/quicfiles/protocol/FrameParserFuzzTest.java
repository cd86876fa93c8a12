package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * Fuzzes the request-stream (stream 0) frame parser ({@link FrameParser}) with random bytes,
 * mutated valid message sequences and valid sequences, fed whole, byte by byte and in random chunk
 * splits.
 *
 * <p>Properties: every input yields frames, "needs more bytes", or {@link QuicFilesException} with
 * {@link ErrorCode#BAD_REQUEST} (the stream is then closed with {@link Wire#MALFORMED_FRAME_CODE});
 * never another exception. The frames delivered (through {@link FrameParser#feed(ByteBuffer,
 * java.util.function.Consumer)}, which hands over every frame before a malformed one) and whether the
 * stream is malformed do not depend on the split. The parser never buffers
 * more than twice the bytes of the frame it is in (a declared length of 10,000,000 costs nothing
 * until the bytes arrive). Valid sequences round-trip exactly.
 *
 * <p>CI runs 10,000 cases per property with the fixed seed {@value WireFuzz#SEED}. Longer run:
 * {@code mvn -B -o -pl protocol test -Dfuzz.tries=1000000 -Dtest='*FuzzTest'}.
 */
class FrameParserFuzzTest {
    private static final int[] MAX_SIZES = {0, 16, 256, Wire.MAX_FRAME_SIZE};

    /** The frames a feeding produced, and whether it ended with a malformed frame. */
    private record Outcome(List<Frame> frames, boolean malformed, boolean inMiddleOfFrame) {
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> valid = WireFuzz.frameSequences().map(WireFuzz::encode);
        Arbitrary<byte[]> hugeDeclared = Arbitraries.integers().between(1, Wire.MAX_FRAME_SIZE + 10)
                .map(n -> (n + ":l1:C").getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.frequencyOf(
                Tuple.of(3, WireFuzz.randomBytes()),
                Tuple.of(5, WireFuzz.mutated(valid)),
                Tuple.of(1, hugeDeclared),
                Tuple.of(1, valid));
    }

    @Provide
    Arbitrary<Integer> maxSizeIndex() {
        return Arbitraries.integers().between(0, MAX_SIZES.length - 1);
    }

    @Property(seed = WireFuzz.SEED)
    void anyInputIsFramesOrAMalformedStreamWhateverTheSplit(@ForAll("inputs") byte[] input, @ForAll long splitSeed,
                                                             @ForAll("maxSizeIndex") int maxSizeIndex) {
        int maxSize = MAX_SIZES[maxSizeIndex];
        Outcome byteWise = parse(input, maxSize, () -> 1);
        Outcome whole = parse(input, maxSize, () -> Integer.MAX_VALUE);
        Outcome split = parse(input, maxSize, WireFuzz.chunkSizes(splitSeed));
        assertEquals(byteWise, whole);
        assertEquals(byteWise, split);
    }

    @Property(seed = WireFuzz.SEED)
    void validSequencesRoundTrip(@ForAll("sequences") List<Frame> frames, @ForAll long splitSeed) {
        byte[] bytes = WireFuzz.encode(frames);
        assertEquals(new Outcome(frames, false, false), parse(bytes, Wire.MAX_FRAME_SIZE, WireFuzz.chunkSizes(splitSeed)));
        for (Frame frame : frames) {
            assertEquals(frame, Frame.decode(frame.toBt().encode()));
        }
    }

    @Provide
    Arbitrary<List<Frame>> sequences() {
        return WireFuzz.frameSequences();
    }

    /** Feeds {@code input} in chunks, checking the documented error and the allocation bound. */
    private static Outcome parse(byte[] input, int maxSize, IntSupplier chunkSizes) {
        FrameParser parser = new FrameParser(maxSize);
        List<Frame> frames = new ArrayList<>();
        int position = 0;
        int frameStart = 0;
        do {
            int n = Math.min(chunkSizes.getAsInt(), input.length - position);
            int before = frames.size();
            try {
                parser.feed(ByteBuffer.wrap(input, position, n), frames::add);
                if (frames.size() > before) {
                    frameStart = position;
                }
            } catch (QuicFilesException e) {
                assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
                return new Outcome(frames, true, false);
            }
            position += n;
            // the current frame began at or after frameStart: its buffer is bounded by what came since
            int sinceFrameStart = position - frameStart;
            assertTrue(parser.bufferCapacity() <= Math.max(LengthPrefixedParser.INITIAL_CAPACITY, 2 * sinceFrameStart),
                    "buffered " + parser.bufferCapacity() + " bytes after " + sinceFrameStart + " bytes of a frame");
        } while (position < input.length);
        return new Outcome(frames, false, parser.inMiddleOfFrame());
    }
}

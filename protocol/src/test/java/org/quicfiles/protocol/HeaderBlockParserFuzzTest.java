package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.IntSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * Fuzzes the file-stream command-block parser ({@link HeaderBlockParser}) with random bytes,
 * mutated valid blocks and valid blocks, fed whole and in random chunk splits.
 *
 * <p>Properties: every input ends as a header, as "needs more bytes", or as {@link QuicFilesException}
 * with {@link ErrorCode#BAD_REQUEST} (never another exception); the outcome, including how many
 * bytes the block used, does not depend on how the bytes are split; an accepted block re-encodes to
 * exactly its bytes; the parser never buffers more
 * than twice the bytes it was given (a huge declared length costs nothing until its bytes arrive);
 * valid blocks round-trip exactly.
 *
 * <p>Edge-case mixing is off here: combining the edge cases of nested bt generators costs minutes;
 * the generators name the extreme values explicitly instead.
 *
 * <p>CI runs 10,000 cases per property with the fixed seed {@value WireFuzz#SEED}. Longer run:
 * {@code mvn -B -o -pl protocol test -Dfuzz.tries=1000000 -Dtest='*FuzzTest'}.
 */
class HeaderBlockParserFuzzTest {
    private static final int[] MAX_SIZES = {0, 8, 64, HeaderBlockParser.DEFAULT_MAX_SIZE};

    /** What feeding a whole input produced. */
    private sealed interface Outcome {
    }

    private record Complete(Bt.Dict header, int consumed) implements Outcome {
    }

    private record NeedsMore() implements Outcome {
    }

    private record Refused() implements Outcome {
    }

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> valid = WireFuzz.headers().map(HeaderBlockParser::encode);
        Arbitrary<byte[]> validWithBody = WireFuzz.headers().map(h -> concat(HeaderBlockParser.encode(h), "DATA"));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, WireFuzz.randomBytes()),
                net.jqwik.api.Tuple.of(4, WireFuzz.mutated(Arbitraries.oneOf(valid, validWithBody))),
                net.jqwik.api.Tuple.of(1, valid),
                net.jqwik.api.Tuple.of(1, validWithBody));
    }

    @Property(seed = WireFuzz.SEED, edgeCases = EdgeCasesMode.NONE)
    void anyInputIsAHeaderOrABadRequestWhateverTheSplit(@ForAll("inputs") byte[] input, @ForAll long splitSeed,
                                                        @ForAll("maxSizeIndex") int maxSizeIndex) {
        int maxSize = MAX_SIZES[maxSizeIndex];
        Outcome whole = parse(input, maxSize, () -> Integer.MAX_VALUE);
        Outcome split = parse(input, maxSize, WireFuzz.chunkSizes(splitSeed));
        assertEquals(whole, split);
        if (whole instanceof Complete(Bt.Dict header, int consumed)) {
            assertArrayEquals(java.util.Arrays.copyOf(input, consumed), HeaderBlockParser.encode(header),
                    "a strict block is canonical: it re-encodes to exactly the bytes it came from");
        }
    }

    @Provide
    Arbitrary<Integer> maxSizeIndex() {
        return Arbitraries.integers().between(0, MAX_SIZES.length - 1);
    }

    @Property(seed = WireFuzz.SEED, edgeCases = EdgeCasesMode.NONE)
    void validBlocksRoundTrip(@ForAll("headersArbitrary") Bt.Dict header) {
        byte[] block = HeaderBlockParser.encode(header);
        Bt.Dict parsed = HeaderBlockParser.parseWhole(block, Integer.MAX_VALUE - 8);
        assertEquals(header, parsed);
        assertArrayEquals(block, HeaderBlockParser.encode(parsed));
    }

    @Provide
    Arbitrary<Bt.Dict> headersArbitrary() {
        return WireFuzz.headers();
    }

    /** Feeds {@code input} in chunks, checking the documented error and the allocation bound. */
    private static Outcome parse(byte[] input, int maxSize, IntSupplier chunkSizes) {
        HeaderBlockParser parser = new HeaderBlockParser(maxSize);
        int position = 0;
        do {
            int n = Math.min(chunkSizes.getAsInt(), input.length - position);
            ByteBuffer chunk = ByteBuffer.wrap(input, position, n);
            Optional<Bt.Dict> header;
            try {
                header = parser.feed(chunk);
            } catch (QuicFilesException e) {
                assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
                return new Refused();
            }
            assertTrue(parser.bufferCapacity() <= Math.max(LengthPrefixedParser.INITIAL_CAPACITY, 2 * (chunk.position())),
                    "buffered " + parser.bufferCapacity() + " bytes after " + chunk.position() + " bytes");
            if (header.isPresent()) {
                assertTrue(parser.isComplete());
                return new Complete(header.get(), chunk.position());
            }
            assertFalse(chunk.hasRemaining(), "an incomplete block consumes everything it is given");
            position += n;
        } while (position < input.length);
        return new NeedsMore();
    }

    private static byte[] concat(byte[] head, String tail) {
        byte[] more = tail.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] out = java.util.Arrays.copyOf(head, head.length + more.length);
        System.arraycopy(more, 0, out, head.length, more.length);
        return out;
    }
}

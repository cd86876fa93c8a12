package org.quicfiles.protocol.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.PropagationMode;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.protocol.Bt;

/**
 * Fuzzes the strict bt decoder ({@link Bt#decode(byte[])}, {@link Bt#decode(byte[], int, int)},
 * {@link Bt#decodeDict(byte[])}) with random bytes, mutated valid encodings and valid values.
 *
 * <p>Properties: every input decodes or fails with {@link QuicFilesException}
 * {@link ErrorCode#BAD_REQUEST}, never another exception; an accepted input is canonical (it
 * re-encodes to exactly its bytes); valid values, Long.MIN_VALUE included, round-trip exactly.
 *
 * <p>10,000 cases per property with the fixed seed {@value FuzzTries#SEED}; a long run:
 * {@code mvn -B -o -pl protocol -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='*FuzzTest' -Dfuzz.tries=1000000}. Edge-case mixing is off
 * (combining nested generators' edge cases costs minutes); the generators name extremes explicitly.
 */
@AddLifecycleHook(value = FuzzTries.class, propagateTo = PropagationMode.ALL_DESCENDANTS)
class BtFuzzTest {

    @Provide
    Arbitrary<byte[]> inputs() {
        Arbitrary<byte[]> valid = CodecFuzz.btValues().map(Bt::encode);
        return Arbitraries.frequencyOf(Tuple.of(3, CodecFuzz.randomBytes()), Tuple.of(5, CodecFuzz.mutated(valid)),
                Tuple.of(1, valid));
    }

    @Provide
    Arbitrary<Bt> values() {
        return CodecFuzz.btValues();
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void anyInputDecodesOrIsABadRequest(@ForAll("inputs") byte[] input) {
        Bt value;
        try {
            value = Bt.decode(input);
        } catch (QuicFilesException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
            return;
        }
        assertArrayEquals(input, value.encode(), "an accepted input is canonical");
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void decodeDictAcceptsOnlyDictionaries(@ForAll("inputs") byte[] input) {
        try {
            assertEquals(Bt.decode(input), Bt.decodeDict(input));
        } catch (QuicFilesException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
        }
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void aWindowOfTheInputDecodesLikeACopyOfIt(@ForAll("inputs") byte[] input, @ForAll long cut) {
        int offset = input.length == 0 ? 0 : Math.floorMod(cut, input.length);
        int length = input.length == 0 ? 0 : Math.floorMod(cut >>> 20, input.length - offset + 1);
        Object window = outcome(() -> Bt.decode(input, offset, length));
        Object copy = outcome(() -> Bt.decode(java.util.Arrays.copyOfRange(input, offset, offset + length)));
        assertEquals(copy, window);
    }

    @Property(seed = FuzzTries.SEED, edgeCases = EdgeCasesMode.NONE)
    void validValuesRoundTrip(@ForAll("values") Bt value) {
        byte[] encoded = value.encode();
        Bt decoded = Bt.decode(encoded);
        assertEquals(value, decoded);
        assertArrayEquals(encoded, decoded.encode());
    }

    private static Object outcome(java.util.function.Supplier<Bt> decoding) {
        try {
            return decoding.get();
        } catch (QuicFilesException e) {
            assertEquals(ErrorCode.BAD_REQUEST, e.code(), e.getMessage());
            return ErrorCode.BAD_REQUEST;
        }
    }
}

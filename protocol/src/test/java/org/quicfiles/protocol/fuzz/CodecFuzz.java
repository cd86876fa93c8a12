package org.quicfiles.protocol.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.quicfiles.protocol.Bt;

/** Generators for the codec fuzz tests: random bytes, valid values, mutations of encodings. */
final class CodecFuzz {
    private static final byte[] ALPHABET = "0123456789:ilde-{}[]\",.\\u eEtrufalsn".getBytes(StandardCharsets.US_ASCII);

    private CodecFuzz() {
    }

    /** Uniformly random bytes, or bytes drawn from the bt and JSON alphabets. */
    static Arbitrary<byte[]> randomBytes() {
        Arbitrary<byte[]> uniform = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Byte[] alphabet = new Byte[ALPHABET.length];
        for (int i = 0; i < alphabet.length; i++) {
            alphabet[i] = ALPHABET[i];
        }
        return Arbitraries.oneOf(uniform, Arbitraries.of(alphabet).array(byte[].class).ofMaxSize(80));
    }

    /** Text without lone surrogates (which UTF-8 cannot carry), with some control and multi-byte characters. */
    static Arbitrary<String> text() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('\n', '\t', '\u0001', '"', '\\', 'é', '€', '中')
                .ofMaxLength(6);
    }

    /** Any bt value up to three containers deep. */
    static Arbitrary<Bt> btValues() {
        return Arbitraries.recursive(CodecFuzz::btLeaves, CodecFuzz::btContainers, 0, 3);
    }

    private static Arbitrary<Bt> btLeaves() {
        Arbitrary<Bt> ints = Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, 10L, Long.MAX_VALUE)).map(Bt.Int::new);
        Arbitrary<Bt> strings = Arbitraries.bytes().array(byte[].class).ofMaxSize(24).map(Bt.Str::new);
        return Arbitraries.oneOf(ints, strings);
    }

    private static Arbitrary<Bt> btContainers(Arbitrary<Bt> inner) {
        return Arbitraries.oneOf(btLeaves(), inner.list().ofMaxSize(4).map(Bt.Lst::new),
                Arbitraries.maps(text(), inner).ofMaxSize(4).map(Bt.Dict::of));
    }

    /** {@code valid} encodings changed by one to three random mutations. */
    static Arbitrary<byte[]> mutated(Arbitrary<byte[]> valid) {
        return Combinators.combine(valid, Arbitraries.longs()).as((bytes, seed) -> mutate(bytes, new Random(seed)));
    }

    /** Applies one to three of: flip a bit, insert a byte, delete a byte, truncate, duplicate a slice. */
    static byte[] mutate(byte[] input, Random random) {
        byte[] bytes = input;
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            switch (random.nextInt(5)) {
                case 0 -> {
                    bytes = bytes.clone();
                    if (bytes.length > 0) {
                        bytes[at] ^= (byte) (1 << random.nextInt(8));
                    }
                }
                case 1 -> {
                    byte[] copy = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, copy, 0, at);
                    copy[at] = random.nextBoolean() ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt();
                    System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
                    bytes = copy;
                }
                case 2 -> {
                    if (bytes.length > 0) {
                        byte[] copy = new byte[bytes.length - 1];
                        System.arraycopy(bytes, 0, copy, 0, at);
                        System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
                        bytes = copy;
                    }
                }
                case 3 -> bytes = Arrays.copyOf(bytes, at);
                default -> {
                    int length = bytes.length == 0 ? 0 : random.nextInt(Math.min(8, bytes.length - at) + 1);
                    byte[] copy = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, copy, 0, at + length);
                    System.arraycopy(bytes, at, copy, at + length, bytes.length - at);
                    bytes = copy;
                }
            }
        }
        return bytes;
    }
}

package org.quicfiles.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators shared by the protocol's fuzz tests: random bytes, structure-aware valid values, and
 * mutations (bit flips, inserted, deleted and duplicated bytes, truncation) of valid encodings.
 */
final class WireFuzz {
    /** The fixed seed of every fuzz property, so that CI runs the same cases each time. */
    static final String SEED = "20261125";

    /** Bytes that steer random input into the parsers' interesting branches. */
    private static final byte[] ALPHABET = "0123456789:ilde-!#sx".getBytes(StandardCharsets.US_ASCII);

    private WireFuzz() {
    }

    /** Random bytes: uniformly random, or drawn from the bt/length-prefix alphabet. */
    static Arbitrary<byte[]> randomBytes() {
        Arbitrary<byte[]> uniform = Arbitraries.bytes().array(byte[].class).ofMaxSize(80);
        Arbitrary<byte[]> alphabet = Arbitraries.of(boxed(ALPHABET)).array(byte[].class).ofMaxSize(80);
        return Arbitraries.oneOf(uniform, alphabet);
    }

    /** Dictionary keys: printable ASCII and some multi-byte UTF-8 (never lone surrogates). */
    static Arbitrary<String> keys() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars('é', 'ÿ', '€', '中').ofMaxLength(5);
    }

    /** Any bt value up to three containers deep; integers cover the whole encodable range. */
    static Arbitrary<Bt> btValues() {
        return Arbitraries.recursive(WireFuzz::btLeaves, WireFuzz::btContainers, 0, 3);
    }

    private static Arbitrary<Bt> btLeaves() {
        Arbitrary<Bt> ints = Arbitraries.oneOf(
                Arbitraries.longs(),
                Arbitraries.of(Long.MIN_VALUE, Long.MIN_VALUE + 1, -1L, 0L, 1L, 9L, 10L, Long.MAX_VALUE)).map(Bt.Int::new);
        Arbitrary<Bt> strings = Arbitraries.bytes().array(byte[].class).ofMaxSize(24).map(Bt.Str::new);
        return Arbitraries.oneOf(ints, strings);
    }

    private static Arbitrary<Bt> btContainers(Arbitrary<Bt> inner) {
        Arbitrary<Bt> lists = inner.list().ofMaxSize(4).map(Bt.Lst::new);
        Arbitrary<Bt> dicts = Arbitraries.maps(keys(), inner).ofMaxSize(4).map(Bt.Dict::of);
        return Arbitraries.oneOf(btLeaves(), lists, dicts);
    }

    /** A command-block dictionary, usually naming a command in {@code !}. */
    static Arbitrary<Bt.Dict> headers() {
        Arbitrary<String> commands = Arbitraries.oneOf(Arbitraries.of("PUT", "GET", "ECHO"), keys());
        return Combinators.combine(Arbitraries.maps(keys(), btValues()).ofMaxSize(4), commands, Arbitraries.integers().between(0, 3))
                .as((entries, command, variant) -> {
                    Bt.Dict.Builder builder = Bt.Dict.builder();
                    entries.forEach(builder::put);
                    if (variant > 0) {
                        builder.put("!", command);
                    }
                    return builder.build();
                });
    }

    /** Any stream-0 message. */
    static Arbitrary<Frame> frames() {
        Arbitrary<Long> ids = Arbitraries.longs().between(0, Long.MAX_VALUE);
        Arbitrary<byte[]> bodies = Arbitraries.oneOf(
                Arbitraries.bytes().array(byte[].class).ofMaxSize(40),
                Arbitraries.of("de", "{}", "d1:#3:abce", "{\"id\":\"x\"}").map(s -> s.getBytes(StandardCharsets.US_ASCII)));
        Arbitrary<String> endpoints = Arbitraries.oneOf(
                Arbitraries.of("file_info", "file_extend", "session_version", "token_info"), keys());
        return Arbitraries.oneOf(
                Combinators.combine(ids, endpoints, bodies).as(Frame.Command::new),
                Combinators.combine(ids, bodies).as(Frame.Reply::new),
                Combinators.combine(ids, bodies).as(Frame.ErrorReply::new));
    }

    /** The wire bytes of one to four consecutive stream-0 messages. */
    static Arbitrary<List<Frame>> frameSequences() {
        return frames().list().ofMinSize(1).ofMaxSize(4);
    }

    static byte[] encode(List<Frame> frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frames.forEach(frame -> out.writeBytes(frame.encode()));
        return out.toByteArray();
    }

    /** {@code valid} encodings, each changed by one to three random mutations. */
    static Arbitrary<byte[]> mutated(Arbitrary<byte[]> valid) {
        return Combinators.combine(valid, Arbitraries.longs()).as((bytes, seed) -> mutate(bytes, new Random(seed)));
    }

    /** Applies one to three of: flip a bit, insert a byte, delete a byte, truncate, duplicate a slice. */
    static byte[] mutate(byte[] input, Random random) {
        byte[] bytes = input;
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
            bytes = switch (random.nextInt(5)) {
                case 0 -> {
                    byte[] copy = bytes.clone();
                    if (copy.length > 0) {
                        copy[at] ^= (byte) (1 << random.nextInt(8));
                    }
                    yield copy;
                }
                case 1 -> {
                    byte inserted = random.nextBoolean() ? ALPHABET[random.nextInt(ALPHABET.length)] : (byte) random.nextInt();
                    byte[] copy = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, copy, 0, at);
                    copy[at] = inserted;
                    System.arraycopy(bytes, at, copy, at + 1, bytes.length - at);
                    yield copy;
                }
                case 2 -> {
                    if (bytes.length == 0) {
                        yield bytes;
                    }
                    byte[] copy = new byte[bytes.length - 1];
                    System.arraycopy(bytes, 0, copy, 0, at);
                    System.arraycopy(bytes, at + 1, copy, at, bytes.length - at - 1);
                    yield copy;
                }
                case 3 -> Arrays.copyOf(bytes, at);
                default -> {
                    int length = bytes.length == 0 ? 0 : random.nextInt(Math.min(8, bytes.length - at) + 1);
                    byte[] copy = new byte[bytes.length + length];
                    System.arraycopy(bytes, 0, copy, 0, at + length);
                    System.arraycopy(bytes, at, copy, at + length, bytes.length - at);
                    yield copy;
                }
            };
        }
        return bytes;
    }

    /**
     * Chunk sizes for feeding a parser: mostly small (including empty chunks), sometimes large,
     * reproducible from {@code seed}.
     */
    static IntSupplier chunkSizes(long seed) {
        Random random = new Random(seed);
        int mode = random.nextInt(4);
        return () -> switch (mode) {
            case 0 -> 1;
            case 1 -> random.nextInt(4);
            case 2 -> random.nextInt(17);
            default -> random.nextBoolean() ? random.nextInt(3) : 1 + random.nextInt(200);
        };
    }

    private static Byte[] boxed(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            boxed[i] = bytes[i];
        }
        return boxed;
    }
}

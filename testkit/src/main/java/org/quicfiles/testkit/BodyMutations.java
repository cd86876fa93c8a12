package org.quicfiles.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Mutations of valid request bodies for fuzz tests: a property-testing library supplies the valid
 * body and a seed, this class breaks the body in ways a parser must survive. Deterministic: the
 * same body and the same {@link Random} seed give the same result, so a failing case replays.
 *
 * <pre>{@code
 * Arbitrary<byte[]> inputs = Combinators.combine(validBodies, Arbitraries.longs())
 *         .as((body, seed) -> BodyMutations.fuzzInput(body, new Random(seed)));
 * }</pre>
 */
public final class BodyMutations {
    /** The characters of the bt and JSON grammars, which make mutations reach deeper than random bytes. */
    private static final byte[] GRAMMAR = "0123456789:ilde-+{}[]\",.\\u eEtrufalsn#".getBytes(StandardCharsets.US_ASCII);

    private BodyMutations() {
    }

    /**
     * One fuzz input derived from a valid body: 20 % of the time random bytes (up to 80, half of the
     * time drawn from the grammars' characters), 50 % {@link #mutate mutated}, 30 % the valid body
     * itself, so a property sees parse errors, near misses and real answers.
     */
    public static byte[] fuzzInput(byte[] valid, Random random) {
        int pick = random.nextInt(10);
        if (pick < 2) {
            return randomBytes(random.nextInt(81), random.nextBoolean(), random);
        }
        return pick < 7 ? mutate(valid, random) : valid.clone();
    }

    /**
     * {@code body} changed by one to three mutations: flip a bit, insert a byte (often one of the
     * grammars' characters), delete a byte, truncate, or repeat a short slice. The input is not
     * modified.
     */
    public static byte[] mutate(byte[] body, Random random) {
        byte[] bytes = body.clone();
        int count = 1 + random.nextInt(3);
        for (int i = 0; i < count; i++) {
            bytes = mutateOnce(bytes, random);
        }
        return bytes;
    }

    /** {@code length} random bytes, each drawn from the bt and JSON grammars when {@code grammar} is true. */
    public static byte[] randomBytes(int length, boolean grammar, Random random) {
        byte[] bytes = new byte[length];
        if (grammar) {
            for (int i = 0; i < length; i++) {
                bytes[i] = GRAMMAR[random.nextInt(GRAMMAR.length)];
            }
        } else {
            random.nextBytes(bytes);
        }
        return bytes;
    }

    private static byte[] mutateOnce(byte[] bytes, Random random) {
        int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length);
        return switch (random.nextInt(5)) {
            case 0 -> {
                if (bytes.length > 0) {
                    bytes[at] ^= (byte) (1 << random.nextInt(8));
                }
                yield bytes;
            }
            case 1 -> {
                byte inserted = random.nextBoolean() ? GRAMMAR[random.nextInt(GRAMMAR.length)] : (byte) random.nextInt();
                byte[] longer = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, longer, 0, at);
                longer[at] = inserted;
                System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                yield longer;
            }
            case 2 -> {
                if (bytes.length == 0) {
                    yield bytes;
                }
                byte[] shorter = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, shorter, 0, at);
                System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                yield shorter;
            }
            case 3 -> Arrays.copyOf(bytes, at);
            default -> {
                int length = bytes.length == 0 ? 0 : random.nextInt(Math.min(8, bytes.length - at) + 1);
                byte[] repeated = new byte[bytes.length + length];
                System.arraycopy(bytes, 0, repeated, 0, at + length);
                System.arraycopy(bytes, at, repeated, at + length, bytes.length - at);
                yield repeated;
            }
        };
    }
}

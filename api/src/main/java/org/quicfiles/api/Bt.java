package org.quicfiles.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A bt (bencode) value, as used by the quic-files protocol for header blocks and request bodies.
 *
 * <p>{@link #decode(byte[])} is strict: dictionary keys must be in ascending byte order without
 * duplicates, integers have no leading zeros and no {@code -0}, string lengths have no leading zeros,
 * and the input must hold exactly one value. Any violation is a {@link QuicFilesException} with
 * {@link ErrorCode#BAD_REQUEST}. {@link #encode()} always writes the canonical form.
 */
public sealed interface Bt permits Bt.Int, Bt.Str, Bt.Lst, Bt.Dict {

    /** The canonical bencoding of this value. */
    default byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Codec.write(this, out);
        return out.toByteArray();
    }

    /**
     * Decodes exactly one bt value that fills the whole input.
     *
     * @param bytes the encoded value
     * @return the value
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if the input is not strict bt
     */
    static Bt decode(byte[] bytes) {
        return Codec.decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes exactly one bt value that fills {@code bytes[offset, offset + length)}.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if the input is not strict bt
     */
    static Bt decode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return Codec.decode(bytes, offset, length);
    }

    /**
     * Decodes a value that must be a dictionary.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} otherwise
     */
    static Dict decodeDict(byte[] bytes) {
        if (decode(bytes) instanceof Dict dict) {
            return dict;
        }
        throw new QuicFilesException(ErrorCode.BAD_REQUEST, "bt value is not a dictionary");
    }

    /** A bt integer. */
    record Int(long value) implements Bt {
    }

    /** A bt byte string. Equality is by content. */
    record Str(byte[] bytes) implements Bt {
        /** Copies the bytes. */
        public Str {
            bytes = bytes.clone();
        }

        /** A string holding the UTF-8 bytes of {@code text}. */
        public static Str of(String text) {
            return new Str(text.getBytes(StandardCharsets.UTF_8));
        }

        /** The bytes, copied. */
        @Override
        public byte[] bytes() {
            return bytes.clone();
        }

        /** The bytes decoded as UTF-8 (malformed sequences replaced). */
        public String text() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Str str && Arrays.equals(bytes, str.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "Str[" + text() + "]";
        }
    }

    /** A bt list. */
    record Lst(List<Bt> items) implements Bt {
        /** Copies the items; none may be null. */
        public Lst {
            items = List.copyOf(items);
        }

        /** A list of the given items. */
        public static Lst of(Bt... items) {
            return new Lst(List.of(items));
        }
    }

    /**
     * A bt dictionary. Keys are text (UTF-8) and iterate in ascending byte order of their UTF-8
     * encoding, which is the order bt requires on the wire.
     */
    record Dict(SortedMap<String, Bt> entries) implements Bt {
        /** The order of keys on the wire: ascending unsigned bytes of their UTF-8 encoding. */
        public static final Comparator<String> KEY_ORDER = (a, b) -> Arrays.compareUnsigned(
                a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

        /** Copies the entries into wire order; no key or value may be null. */
        public Dict {
            TreeMap<String, Bt> sorted = new TreeMap<>(KEY_ORDER);
            entries.forEach((key, value) -> sorted.put(Objects.requireNonNull(key), Objects.requireNonNull(value)));
            entries = Collections.unmodifiableSortedMap(sorted);
        }

        /** A dictionary with the given entries, in any order. */
        public static Dict of(Map<String, Bt> entries) {
            return new Dict(new TreeMap<>(entries));
        }

        /** A builder that keeps entries in wire order. */
        public static Builder builder() {
            return new Builder();
        }

        /** The value under {@code key}, if any. */
        public Optional<Bt> get(String key) {
            return Optional.ofNullable(entries.get(key));
        }

        /**
         * The integer under {@code key}; empty when absent.
         *
         * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} when present but not an integer
         */
        public OptionalLong integer(String key) {
            Bt value = entries.get(key);
            if (value == null) {
                return OptionalLong.empty();
            }
            if (value instanceof Int integer) {
                return OptionalLong.of(integer.value());
            }
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "'" + key + "' is not an integer");
        }

        /**
         * The byte string under {@code key} as UTF-8 text; empty when absent.
         *
         * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} when present but not a string
         */
        public Optional<String> string(String key) {
            Bt value = entries.get(key);
            if (value == null) {
                return Optional.empty();
            }
            if (value instanceof Str str) {
                return Optional.of(str.text());
            }
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "'" + key + "' is not a string");
        }

        /** Builds a {@link Dict}. */
        public static final class Builder {
            private final TreeMap<String, Bt> entries = new TreeMap<>(KEY_ORDER);

            private Builder() {
            }

            /** Puts a value. */
            public Builder put(String key, Bt value) {
                entries.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
                return this;
            }

            /** Puts an integer. */
            public Builder put(String key, long value) {
                return put(key, new Int(value));
            }

            /** Puts a UTF-8 string. */
            public Builder put(String key, String value) {
                return put(key, Str.of(value));
            }

            /** The dictionary. */
            public Dict build() {
                return new Dict(entries);
            }
        }
    }
}

/** The strict bt reader and canonical writer behind {@link Bt}. */
final class Codec {
    /** Deeper nesting than this is refused, so a hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private final byte[] in;
    private final int end;
    private int pos;

    private Codec(byte[] in, int offset, int length) {
        this.in = in;
        this.pos = offset;
        this.end = offset + length;
    }

    static Bt decode(byte[] bytes, int offset, int length) {
        Codec codec = new Codec(bytes, offset, length);
        Bt value = codec.value(0);
        if (codec.pos != codec.end) {
            throw bad("trailing bytes after bt value");
        }
        return value;
    }

    private Bt value(int depth) {
        if (depth > MAX_DEPTH) {
            throw bad("bt nesting too deep");
        }
        int c = peek();
        return switch (c) {
            case 'i' -> {
                pos++;
                yield new Bt.Int(integer('e'));
            }
            case 'l' -> {
                pos++;
                java.util.ArrayList<Bt> items = new java.util.ArrayList<>();
                while (peek() != 'e') {
                    items.add(value(depth + 1));
                }
                pos++;
                yield new Bt.Lst(items);
            }
            case 'd' -> {
                pos++;
                TreeMap<String, Bt> entries = new TreeMap<>(Bt.Dict.KEY_ORDER);
                byte[] previous = null;
                while (peek() != 'e') {
                    if (peek() < '0' || peek() > '9') {
                        throw bad("dictionary key is not a string");
                    }
                    byte[] key = string();
                    if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                        throw bad("dictionary keys out of order or duplicated");
                    }
                    previous = key;
                    entries.put(utf8Key(key), value(depth + 1));
                }
                pos++;
                yield new Bt.Dict(entries);
            }
            default -> {
                if (c >= '0' && c <= '9') {
                    yield new Bt.Str(string());
                }
                throw bad("unexpected byte in bt value");
            }
        };
    }

    /** Keys are text: two distinct invalid byte strings must not both become U+FFFD and merge. */
    private static String utf8Key(byte[] key) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(key)).toString();
        } catch (CharacterCodingException e) {
            throw bad("dictionary key is not UTF-8");
        }
    }

    private int peek() {
        if (pos >= end) {
            throw bad("bt value ends early");
        }
        return in[pos] & 0xff;
    }

    private byte[] string() {
        long length = integer(':');
        if (length < 0) {
            throw bad("negative string length");
        }
        if (length > end - pos) {
            throw bad("string longer than its input");
        }
        byte[] value = Arrays.copyOfRange(in, pos, pos + (int) length);
        pos += (int) length;
        return value;
    }

    /** Reads a canonical decimal integer terminated by {@code terminator}. */
    private long integer(char terminator) {
        int start = pos;
        boolean negative = false;
        if (peek() == '-') {
            negative = true;
            pos++;
        }
        int digitsStart = pos;
        // accumulated as a negative number, whose range includes Long.MIN_VALUE's magnitude
        long limit = negative ? Long.MIN_VALUE : -Long.MAX_VALUE;
        long value = 0;
        while (peek() != terminator) {
            int d = peek() - '0';
            if (d < 0 || d > 9) {
                throw bad("bad digit in bt integer");
            }
            if (value < limit / 10 || value * 10 < limit + d) {
                throw bad("bt integer overflows 64 bits");
            }
            value = value * 10 - d;
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0 || (digits > 1 && in[digitsStart] == '0') || (negative && value == 0)) {
            throw bad("non-canonical bt integer at " + start);
        }
        pos++;
        return negative ? value : -value;
    }

    private static QuicFilesException bad(String message) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, message);
    }

    static void write(Bt value, ByteArrayOutputStream out) {
        switch (value) {
            case Bt.Int integer -> ascii(out, "i" + integer.value() + "e");
            case Bt.Str str -> {
                byte[] bytes = str.bytes();
                ascii(out, bytes.length + ":");
                out.writeBytes(bytes);
            }
            case Bt.Lst list -> {
                out.write('l');
                list.items().forEach(item -> write(item, out));
                out.write('e');
            }
            case Bt.Dict dict -> {
                out.write('d');
                dict.entries().forEach((key, item) -> {
                    write(Bt.Str.of(key), out);
                    write(item, out);
                });
                out.write('e');
            }
        }
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}

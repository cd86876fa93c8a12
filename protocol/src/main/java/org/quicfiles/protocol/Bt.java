package org.quicfiles.protocol;

import java.io.ByteArrayOutputStream;
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
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * A bt (bencode) value, as used by the quic-files protocol for header blocks and request bodies.
 *
 * <p>{@link #decode(byte[])} is strict: dictionary keys must be in ascending byte order without
 * duplicates, integers have no leading zeros and no {@code -0}, string lengths have no leading zeros,
 * and the input must hold exactly one value. Any violation is a {@link QuicFilesException} with
 * {@link ErrorCode#BAD_REQUEST}. {@link #encode()} always writes the canonical form.
 *
 * <p>The wire codec of the server and the client; plugins see parsed values as
 * {@link org.quicfiles.api.endpoint.Request} instead (decision note 0010).
 */
public sealed interface Bt permits Bt.Int, Bt.Str, Bt.Lst, Bt.Dict {

    /** The canonical bencoding of this value. */
    default byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BtCodec.write(this, out);
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
        return BtCodec.decode(bytes, 0, bytes.length);
    }

    /**
     * Decodes exactly one bt value that fills {@code bytes[offset, offset + length)}.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if the input is not strict bt
     */
    static Bt decode(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        return BtCodec.decode(bytes, offset, length);
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

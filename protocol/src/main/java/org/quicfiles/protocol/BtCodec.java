package org.quicfiles.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeMap;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/** The strict bt reader and canonical writer behind {@link Bt}. */
final class BtCodec {
    /** Deeper nesting than this is refused, so a hostile input cannot exhaust the stack. */
    static final int MAX_DEPTH = 64;

    private final byte[] in;
    private final int end;
    private int pos;

    private BtCodec(byte[] in, int offset, int length) {
        this.in = in;
        this.pos = offset;
        this.end = offset + length;
    }

    static Bt decode(byte[] bytes, int offset, int length) {
        BtCodec codec = new BtCodec(bytes, offset, length);
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

package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

class BtTest {
    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void decodesAPutHeader() {
        Bt.Dict dict = Bt.decodeDict(ascii("d1:!3:PUT1:si8192ee"));
        assertEquals("PUT", dict.string("!").orElseThrow());
        assertEquals(8192, dict.integer("s").orElseThrow());
    }

    @Test
    void encodesKeysInByteOrderWhateverTheInsertionOrder() {
        Bt.Dict dict = Bt.Dict.builder().put("x", 3).put("#", "abc").put("u", 2).build();
        assertEquals("d1:#3:abc1:ui2e1:xi3ee", new String(dict.encode(), StandardCharsets.ISO_8859_1));
    }

    @Test
    void roundTripsNestedValuesAndBinaryStrings() {
        byte[] binary = {0, (byte) 0xff, 10, (byte) 0x80};
        Bt value = Bt.Lst.of(new Bt.Int(-7), new Bt.Str(binary), Bt.Dict.builder().put("a", Bt.Lst.of()).build());
        Bt decoded = Bt.decode(value.encode());
        assertEquals(value, decoded);
        assertArrayEquals(binary, ((Bt.Str) ((Bt.Lst) decoded).items().get(1)).bytes());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "d1:si1e1:!3:PUTe", // keys out of order
        "d1:ai1e1:ai2ee",   // duplicate key
        "i01e", "i-0e", "ie", "i1", "03:abc", "4:abc", "5:abc", "l", "d1:a", "x", "", "i1ei2e",
        "di1ei2ee",         // integer key
        "i99999999999999999999e", "i9223372036854775808e", "i-9223372036854775809e",
        "d1:\u00fei1ee"    // a key that is not UTF-8 (byte 0xfe)
    })
    void rejectsNonStrictInputAsBadRequest(String input) {
        QuicFilesException e = assertThrows(QuicFilesException.class, () -> Bt.decode(ascii(input)));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @Test
    void theLongRangeRoundTripsToItsEnds() {
        for (long n : new long[] {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE}) {
            assertEquals(new Bt.Int(n), Bt.decode(new Bt.Int(n).encode()), Long.toString(n));
        }
    }

    @Test
    void distinctInvalidUtf8KeysAreRefusedNotMerged() {
        // new String(..., UTF_8) made both keys U+FFFD, and the second silently replaced the first
        byte[] input = {'d', '1', ':', (byte) 0xfe, 'i', '1', 'e', '1', ':', (byte) 0xff, 'i', '2', 'e', 'e'};
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesException.class, () -> Bt.decode(input)).code());
    }

    @Test
    void rejectsHostileNesting() {
        String deep = "l".repeat(10_000) + "e".repeat(10_000);
        assertEquals(ErrorCode.BAD_REQUEST,
                assertThrows(QuicFilesException.class, () -> Bt.decode(ascii(deep))).code());
    }

    @Test
    void typedGettersRefuseTheWrongType() {
        Bt.Dict dict = Bt.decodeDict(ascii("d1:!i5e1:s3:abce"));
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesException.class, () -> dict.string("!")).code());
        assertEquals(ErrorCode.BAD_REQUEST, assertThrows(QuicFilesException.class, () -> dict.integer("s")).code());
        assertEquals(List.of("!", "s"), List.copyOf(dict.entries().keySet()));
    }
}

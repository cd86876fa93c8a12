package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

class HeaderBlockParserTest {
    private static final byte[] PUT = "19:d1:!3:PUT1:si8192eeDATA".getBytes(StandardCharsets.US_ASCII);

    @Test
    void parsesABlockSplitAtEveryPosition() {
        for (int split = 0; split <= PUT.length; split++) {
            HeaderBlockParser parser = new HeaderBlockParser(1024);
            ByteBuffer first = ByteBuffer.wrap(PUT, 0, split);
            Optional<Bt.Dict> header = parser.feed(first);
            ByteBuffer rest = ByteBuffer.wrap(PUT, split, PUT.length - split);
            if (header.isEmpty()) {
                assertFalse(first.hasRemaining());
                header = parser.feed(rest);
            }
            assertEquals("PUT", header.orElseThrow().string("!").orElseThrow(), "split " + split);
            int leftover = first.remaining() + rest.remaining();
            assertEquals(4, leftover, "body bytes stay unconsumed at split " + split);
        }
    }

    @Test
    void parsesByteByByte() {
        HeaderBlockParser parser = new HeaderBlockParser(1024);
        Optional<Bt.Dict> header = Optional.empty();
        int i = 0;
        while (header.isEmpty()) {
            header = parser.feed(ByteBuffer.wrap(PUT, i++, 1));
        }
        assertEquals(22, i);
        assertEquals(8192, header.get().integer("s").orElseThrow());
        assertTrue(parser.isComplete());
    }

    @ParameterizedTest
    @ValueSource(strings = {"019:d1:!3:PUT1:si8192ee", ":de", "x:de", " 2:de", "2 :de", "-2:de",
        "12345678901:de", "2:le", "3:i1e", "0:", "4:d1:!e", "12:d1:s1:x1:!1:ye", "1:d"})
    void refusesMalformedBlocksWith400(String block) {
        byte[] bytes = block.getBytes(StandardCharsets.US_ASCII);
        QuicFilesException e = assertThrows(QuicFilesException.class, () -> {
            HeaderBlockParser parser = new HeaderBlockParser(1024);
            ByteBuffer in = ByteBuffer.wrap(bytes);
            Optional<Bt.Dict> header = parser.feed(in);
            if (header.isEmpty()) {
                throw new QuicFilesException(ErrorCode.BAD_REQUEST, "incomplete (counts as bad here)");
            }
        });
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
    }

    @Test
    void anIncompleteBlockIsNotAnErrorYet() {
        HeaderBlockParser parser = new HeaderBlockParser(1024);
        assertTrue(parser.feed(ByteBuffer.wrap("1234567890".getBytes(StandardCharsets.US_ASCII))).isEmpty());
    }

    @Test
    void refusesBlocksOverTheMaximumBeforeReadingThem() {
        HeaderBlockParser parser = new HeaderBlockParser(100);
        QuicFilesException e = assertThrows(QuicFilesException.class,
                () -> parser.feed(ByteBuffer.wrap("101:".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertTrue(new HeaderBlockParser(100).feed(ByteBuffer.wrap("100:".getBytes(StandardCharsets.US_ASCII))).isEmpty());
    }

    @Test
    void encodesWhatItParses() {
        Bt.Dict header = Bt.Dict.builder().put("!", "GET").put("#", "123").build();
        byte[] block = HeaderBlockParser.encode(header);
        assertArrayEquals("18:d1:!3:GET1:#3:123e".getBytes(StandardCharsets.US_ASCII), block);
        assertEquals(header, HeaderBlockParser.parseWhole(block, 100));
        assertThrows(QuicFilesException.class, () -> HeaderBlockParser.parseWhole(
                "18:d1:!3:GET1:#3:123eX".getBytes(StandardCharsets.US_ASCII), 100));
    }
}

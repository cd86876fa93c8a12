package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

class FrameParserTest {
    private static final List<Frame> FRAMES = List.of(
            new Frame.Command(0, "file_info", "d1:#3:123e".getBytes(StandardCharsets.US_ASCII)),
            new Frame.Reply(7, new byte[0]),
            new Frame.ErrorReply(12345678901L, "Invalid endpoint 'x'".getBytes(StandardCharsets.UTF_8)));

    private static byte[] stream() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        FRAMES.forEach(frame -> out.writeBytes(frame.encode()));
        return out.toByteArray();
    }

    @Test
    void aFrameSharesItsBodyInsteadOfCopyingItAndComparesByContent() {
        byte[] body = "d1:#3:123e".getBytes(StandardCharsets.US_ASCII);
        Frame.Command command = new Frame.Command(0, "file_info", body);
        Frame.Reply reply = new Frame.Reply(1, body);
        Frame.ErrorReply error = new Frame.ErrorReply(2, body);

        assertSame(body, command.body());
        assertSame(body, reply.body());
        assertSame(body, error.body());
        assertEquals(command, new Frame.Command(0, "file_info", body.clone()));
        assertEquals(command.hashCode(), new Frame.Command(0, "file_info", body.clone()).hashCode());
        byte[] wire = reply.encode();
        int colon = new String(wire, StandardCharsets.US_ASCII).indexOf(':');
        assertEquals(reply, Frame.decode(java.util.Arrays.copyOfRange(wire, colon + 1, wire.length)));
        assertThrows(NullPointerException.class, () -> new Frame.Reply(3, null));
    }

    @Test
    void theDirectEncodingIsTheBtListsEncoding() {
        byte[] large = new byte[300_000];
        new java.util.Random(5).nextBytes(large);
        List<Frame> frames = List.of(FRAMES.get(0), FRAMES.get(1), FRAMES.get(2),
                new Frame.Command(Long.MAX_VALUE, "é-endpoint ✓", large), new Frame.Command(9, "", new byte[0]),
                new Frame.Reply(1234567, large), new Frame.ErrorReply(0, new byte[] {0, 'e', ':'}));
        for (Frame frame : frames) {
            assertArrayEquals(LengthPrefix.prepend(frame.toBt().encode()), frame.encode(), frame.toString());
        }
    }

    @Test
    void encodesTheDocumentedForm() {
        assertArrayEquals("24:l1:Ci0e9:file_info3:abce".getBytes(StandardCharsets.US_ASCII),
                new Frame.Command(0, "file_info", "abc".getBytes(StandardCharsets.US_ASCII)).encode());
        assertArrayEquals("12:l1:Ri3e2:oke".getBytes(StandardCharsets.US_ASCII),
                new Frame.Reply(3, "ok".getBytes(StandardCharsets.US_ASCII)).encode());
    }

    @Test
    void parsesFramesSplitAtEveryPairOfPositions() {
        byte[] bytes = stream();
        for (int a = 0; a <= bytes.length; a++) {
            for (int b = a; b <= bytes.length; b += 3) {
                FrameParser parser = new FrameParser();
                List<Frame> got = new ArrayList<>();
                got.addAll(parser.feed(ByteBuffer.wrap(bytes, 0, a)));
                got.addAll(parser.feed(ByteBuffer.wrap(bytes, a, b - a)));
                got.addAll(parser.feed(ByteBuffer.wrap(bytes, b, bytes.length - b)));
                assertEquals(FRAMES, got, "splits " + a + "," + b);
                assertFalse(parser.inMiddleOfFrame());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"i1e", "le", "l1:Ci0ee", "l1:Ci-1e1:x0:e", "l1:Xi0e1:x0:e", "l2:RRi0e0:e",
        "l1:Ri0ei1ee", "l1:Ri0e0:0:e", "l1:C1:00:0:e", "l0:e", "l1:Ri0e0:", "l1:Ri0e0:ex"})
    void malformedListsAreBadRequests(String list) {
        malformedStreamsAreBadRequests(list.length() + ":" + list);
    }

    @ParameterizedTest
    @ValueSource(strings = {"02:le", "x", ":le", "10000001:", "12345678901:"})
    void malformedStreamsAreBadRequests(String frame) {
        FrameParser parser = new FrameParser();
        QuicFilesException e = assertThrows(QuicFilesException.class,
                () -> parser.feed(ByteBuffer.wrap(frame.getBytes(StandardCharsets.US_ASCII))));
        assertEquals(ErrorCode.BAD_REQUEST, e.code());
        assertThrows(IllegalStateException.class, () -> parser.feed(ByteBuffer.allocate(1)));
    }

    @Test
    void acceptsAFrameOfExactlyTheCap() {
        FrameParser parser = new FrameParser();
        assertTrue(parser.feed(ByteBuffer.wrap("10000000:".getBytes(StandardCharsets.US_ASCII))).isEmpty());
        assertTrue(parser.inMiddleOfFrame());
    }
}

package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.testkit.RecordingLogger;

class AccessLogTest {
    private static final String ID = "QGChqFTfloXyg6h9S63_JZgIFZlEYp9lsmQ0F8aMdq8I";
    private static final InetSocketAddress CLIENT = new InetSocketAddress(InetAddress.getLoopbackAddress(), 40312);

    @Test
    void aLineHasEveryFieldInAFixedOrder() {
        AccessLog.Entry entry = new AccessLog.Entry(CLIENT, "7f3a9c01", 4, "GET", ID, 0, 43, 1_204_000, AccessLog.OK);

        assertEquals("client=127.0.0.1:40312 conn=7f3a9c01 stream=4 cmd=GET id=" + ID
                + " in=0 out=43 ms=1.204 result=ok", entry.format());
    }

    @Test
    void millisecondsReadAsStringFormatWroteThem() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(16);
        List<Long> samples = new java.util.ArrayList<>(List.of(0L, 1L, 499L, 500L, 999L, 1_000L, 9_500L, 99_499L,
                99_500L, 999_999L, 1_000_000L, 1_204_500L, 30_068_123_456L, Long.MAX_VALUE / 2));
        for (int i = 0; i < 10_000; i++) {
            samples.add(random.nextLong(1L << (1 + random.nextInt(45))));
        }
        for (long nanos : samples) {
            StringBuilder line = new StringBuilder();
            AccessLog.appendMillis(line, nanos);
            assertEquals(String.format(java.util.Locale.ROOT, "%.3f", nanos / 1e6), line.toString(), "nanos " + nanos);
        }
    }

    @Test
    void aFailureShowsItsCodeAndUnknownFieldsADash() {
        AccessLog.Entry entry = new AccessLog.Entry(null, null, 8, null, null, 12, 0, 0, 404);

        assertEquals("client=- conn=- stream=8 cmd=- id=- in=12 out=0 ms=0.000 result=404", entry.format());
    }

    @Test
    void anIpv6ClientIsBracketed() throws Exception {
        InetSocketAddress v6 = new InetSocketAddress(InetAddress.getByName("::1"), 5000);

        assertTrue(new AccessLog.Entry(v6, "c", 0, "file_info", null, 1, 2, 0, 0).format()
                .startsWith("client=[0:0:0:0:0:0:0:1]:5000 "));
    }

    @Test
    void namesFromThePeerCannotBreakTheLineOrGrowIt() {
        String hostile = "GET\nclient=6.6.6.6 \"x\"" + "A".repeat(500);

        String line = new AccessLog.Entry(CLIENT, "c", 4, hostile, hostile, 0, 0, 0, 405).format();

        assertEquals(1, line.lines().count());
        assertTrue(line.contains(" cmd=GET?client?6.6.6.6??x?AAA"), line);
        assertEquals(-1, line.indexOf("\""), line);
        assertTrue(line.length() < 300, line);
    }

    @Test
    void aTransferCountsBytesAndFindsTheIdInTheHeaderOrInThePutReply() {
        AccessLog.Transfer get = new AccessLog.Transfer(Request.of(Request.Form.BT, Map.of("!", "GET", "#", ID)));
        get.write(ByteBuffer.wrap("38:d1:si5e1:ui1765000000e1:xi1765003600ee".getBytes(StandardCharsets.US_ASCII)));
        get.write(ByteBuffer.wrap("hello".getBytes(StandardCharsets.US_ASCII)));
        get.read(-1);

        AccessLog.Entry entry = get.entry(CLIENT, "c", 4, AccessLog.OK);
        assertEquals("GET", entry.command());
        assertEquals(ID, entry.fileId());
        assertEquals(0, entry.bytesIn());
        assertEquals(41 + 5, entry.bytesOut());
        assertTrue(entry.nanos() >= 0);

        AccessLog.Transfer put = new AccessLog.Transfer(Request.of(Request.Form.BT, Map.of("!", "PUT", "s", 5)));
        put.read(5);
        ByteBuffer reply = ByteBuffer.wrap(("d1:#44:" + ID + "1:ui1765000000e1:xi1765003600ee").getBytes(StandardCharsets.US_ASCII));
        put.write(reply);

        assertEquals(0, reply.position(), "the reply is only looked at, not consumed");
        assertEquals(ID, put.fileId());
        assertEquals(5, put.bytesIn());
        assertEquals(reply.capacity(), put.bytesOut());
    }

    @Test
    void aPutThatFailedBeforeItsReplyHasNoId() {
        AccessLog.Transfer put = new AccessLog.Transfer(Request.of(Request.Form.BT, Map.of("!", "PUT", "s", 5)));
        put.read(3);

        assertNull(put.fileId());
        assertEquals("-", AccessLog.token(put.fileId()));
    }

    @Test
    void stream0BodiesNameTheirIdInBtOrJson() {
        assertEquals(ID, AccessLog.requestFileId(("d1:#44:" + ID + "e").getBytes(StandardCharsets.US_ASCII)));
        assertEquals(ID, AccessLog.requestFileId(("{\"ttl\":60, \"id\" : \"" + ID + "\"}").getBytes(StandardCharsets.US_ASCII)));
        assertNull(AccessLog.requestFileId("d8:platform7:desktope".getBytes(StandardCharsets.US_ASCII)));
        assertNull(AccessLog.requestFileId("{\"days\":1}".getBytes(StandardCharsets.US_ASCII)));
        assertNull(AccessLog.requestFileId(new byte[0]));
    }

    @Test
    void stream0ResultsAreTheCodesTheErrorRepliesName() {
        assertEquals(AccessLog.OK, AccessLog.requestResult(false, "d1:si5ee".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(404, AccessLog.requestResult(true, "NOT_FOUND".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(400, AccessLog.requestResult(true, "{\"error\":\"BAD_REQUEST\"}".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(503, AccessLog.requestResult(true, "UNAVAILABLE".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(405, AccessLog.requestResult(true, "Invalid endpoint 'nope'".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void linesGoToTheLoggerAtInfoAndNotWhenItIsOff() {
        RecordingLogger logger = new RecordingLogger();
        AccessLog log = new AccessLog(logger);

        log.log(new AccessLog.Entry(CLIENT, "c", 0, "file_info", ID, 52, 88, 0, 404));

        assertEquals(List.of("INFO client=127.0.0.1:40312 conn=c stream=0 cmd=file_info id=" + ID
                + " in=52 out=88 ms=0.000 result=404"), logger.lines());

        System.Logger off = new System.Logger() {
            @Override
            public String getName() {
                return AccessLog.LOGGER_NAME;
            }

            @Override
            public boolean isLoggable(Level level) {
                return false;
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String msg, Throwable thrown) {
                throw new AssertionError("logged while off: " + msg);
            }

            @Override
            public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
                throw new AssertionError("logged while off: " + format);
            }
        };
        AccessLog silent = new AccessLog(off);
        silent.log(new AccessLog.Entry(CLIENT, "c", 0, "file_info", ID, 0, 0, 0, 0));
        assertTrue(!silent.enabled());
    }
}

package org.quicfiles.app.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ContentIdTest {
    // computed independently with Python: hashlib.blake2b(data, key=b'SessionFileSvr\0\0', digest_size=33)
    private static final String HELLO = "QGChqFTfloXyg6h9S63_JZgIFZlEYp9lsmQ0F8aMdq8I";
    private static final String EMPTY = "YLNgiZ_p2PEeiVCrFnTAKY8A_WW1FLbz4G5q0zRGNUHz";
    private static final String COUNTING = "5KV3xjVlPTTYCq4a7qHTy8tgGerSbVV4Av7LaXpErZrX";

    private static String idOf(byte[] content, int chunk) {
        ContentId id = new ContentId();
        for (int offset = 0; offset < content.length; offset += chunk) {
            id.update(ByteBuffer.wrap(content, offset, Math.min(chunk, content.length - offset)));
        }
        return id.finish();
    }

    @Test
    void matchesAnIndependentBlake2bImplementation() {
        assertEquals(HELLO, idOf("hello".getBytes(StandardCharsets.US_ASCII), 2));
        assertEquals(EMPTY, new ContentId().finish());
        byte[] counting = new byte[256_000];
        for (int index = 0; index < counting.length; index++) {
            counting[index] = (byte) index;
        }
        assertEquals(COUNTING, idOf(counting, 7_777));
        ContentId direct = new ContentId();
        direct.update(ByteBuffer.allocateDirect(counting.length).put(counting).flip());
        assertEquals(COUNTING, direct.finish());
    }

    @Test
    void tellsContentIdsFromCompatibilityIds() {
        assertTrue(ContentId.isContentId(HELLO));
        assertFalse(ContentId.isContentId("12345"));
        assertFalse(ContentId.isContentId(HELLO.substring(1) + "+"));
    }

    @Test
    void theCountingSinkDigestsAndCountsWhatItWrites() throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        ContentId digest = new ContentId();
        AtomicLong counted = new AtomicLong();
        WritableByteChannel sink = CountingChannels.writing(Channels.newChannel(written), digest, counted::addAndGet);

        sink.write(ByteBuffer.wrap("hel".getBytes(StandardCharsets.US_ASCII)));
        sink.write(ByteBuffer.wrap("lo".getBytes(StandardCharsets.US_ASCII)));

        assertEquals("hello", written.toString(StandardCharsets.US_ASCII));
        assertEquals(5, counted.get());
        assertTrue(digest.matches(HELLO));
    }

    @Test
    void formatsSizesForTheProgressBar() {
        assertEquals("999 B", ProgressBar.size(999));
        assertEquals("1.5 KiB", ProgressBar.size(1536));
        assertEquals("9.8 MiB", ProgressBar.size(10_223_616));
    }
}

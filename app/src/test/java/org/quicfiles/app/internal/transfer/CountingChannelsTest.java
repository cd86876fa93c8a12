package org.quicfiles.app.internal.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CountingChannelsTest {
    @Test
    void theCountingSinkWritesAndCountsEverything() throws Exception {
        ByteArrayOutputStream written = new ByteArrayOutputStream();
        AtomicLong counted = new AtomicLong();
        WritableByteChannel sink = CountingChannels.writing(Channels.newChannel(written), counted::addAndGet);

        sink.write(ByteBuffer.wrap("hel".getBytes(StandardCharsets.US_ASCII)));
        sink.write(ByteBuffer.wrap("lo".getBytes(StandardCharsets.US_ASCII)));

        assertEquals("hello", written.toString(StandardCharsets.US_ASCII));
        assertEquals(5, counted.get());
    }

    @Test
    void formatsSizesForTheProgressBar() {
        assertEquals("999 B", ProgressBar.size(999));
        assertEquals("1.5 KiB", ProgressBar.size(1536));
        assertEquals("9.8 MiB", ProgressBar.size(10_223_616));
    }
}

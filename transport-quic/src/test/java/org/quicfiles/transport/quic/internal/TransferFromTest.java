package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;

/**
 * {@code StreamExchange.transferFrom} on the transport under test (each reads the source straight
 * into the buffers it sends from: ngtcp2's native chunks, Netty's direct buffers): a source that
 * answers in short reads arrives whole with its FIN, and a source that fails or ends early resets
 * the stream with 480 without costing the connection anything (send memory given back; the next
 * transfer on it arrives whole). The "TRANSFER" command reads at most 1,000 bytes per read.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TransferFromTest {
    private static TestServer server;
    private static QuicFilesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of());
        client = server.connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
        // a chunk whose fill failed is released (Netty) or freed (ngtcp2, checked by the tests)
        assertEquals(List.of(), LeakRecorder.unexpectedLeaks(), "buffers leaked");
    }

    @Test
    void shortReadsArriveWholeWithTheFin() throws Exception {
        for (int size : new int[] {0, 1, 1_000, 65_535, 65_536, 65_537, 100_030, 300_001}) {
            assertArrayEquals(pattern(size), transfer(Map.of("!", "TRANSFER", "n", size)), "size " + size);
        }
    }

    @Test
    void aFailingSourceResetsTheStreamAndCostsTheConnectionNothing() throws Exception {
        for (long failAfter : new long[] {0, 500, 65_536, 150_000, 299_999}) {
            QuicFilesClientException e = assertThrows(QuicFilesClientException.class,
                    () -> transfer(Map.of("!", "TRANSFER", "n", 300_000, "f", failAfter)), "fail after " + failAfter);
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code(), "fail after " + failAfter);
            assertArrayEquals(pattern(100_000), transfer(Map.of("!", "TRANSFER", "n", 100_000)), "the next transfer");
        }
        server.awaitSendMemoryReturned();
    }

    @Test
    void aSourceThatEndsEarlyResetsTheStream() throws Exception {
        for (long end : new long[] {0, 65_536, 299_999}) {
            QuicFilesClientException e = assertThrows(QuicFilesClientException.class,
                    () -> transfer(Map.of("!", "TRANSFER", "n", 300_000, "e", end)), "end at " + end);
            assertEquals(ErrorCode.INTERNAL_ERROR, e.code(), "end at " + end);
        }
        assertArrayEquals(pattern(70_000), transfer(Map.of("!", "TRANSFER", "n", 70_000)), "the next transfer");
        server.awaitSendMemoryReturned();
    }

    private static byte[] transfer(Map<String, Object> header) throws Exception {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        client.stream(header, Channels.pattern(0), java.nio.channels.Channels.newChannel(response));
        return response.toByteArray();
    }

    private static byte[] pattern(int size) throws Exception {
        ByteBuffer bytes = ByteBuffer.allocate(size);
        Channels.pattern(size).read(bytes);
        assertTrue(!bytes.hasRemaining() || size == 0);
        return bytes.array();
    }
}

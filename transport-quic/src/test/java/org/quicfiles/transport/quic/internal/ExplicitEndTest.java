package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.channels.Channels;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.client.QuicFilesClient;

/**
 * A command that says its last write ends the response ({@code write(src, true)}) has its FIN sent
 * with those bytes at once: the client reads the whole response and its FIN while the command has
 * not returned yet. Without the explicit end the last byte would wait for the command's return, and
 * the fallback timer never sends a FIN, so the download could not finish while the command waits.
 */
class ExplicitEndTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theFinLeavesWithTheLastWriteBeforeTheCommandReturns() throws Exception {
        try (QuicFilesClient client = server.connect()) {
            for (int size : new int[] {1, 10_000, 300_000}) {
                ByteArrayOutputStream response = new ByteArrayOutputStream();
                // returns only once the server's FIN has arrived; the command is still parked on its gate
                client.stream(Map.of("!", "ENDED", "n", size),
                        org.quicfiles.transport.quic.internal.Channels.pattern(0), Channels.newChannel(response));
                assertEquals(size, response.size());
                server.endedGate.release();
            }
        }
        assertEquals(3, server.lateWritesRefused.get(), "a write after the last one fails");
    }
}

package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.Bt;
import org.quicfiles.client.QuicFilesClient;

/** The project's own client (Netty/BoringSSL, X.509 path) against the ngtcp2 transport. */
class ServeTest {
    private static TestServer server;
    private static QuicFilesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        client = server.connect();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void requestStreamEchoes() throws Exception {
        byte[] reply = client.request("echo", "d1:ai1ee".getBytes(StandardCharsets.US_ASCII));
        assertEquals("d1:ai1ee", new String(reply, StandardCharsets.US_ASCII));
    }
}

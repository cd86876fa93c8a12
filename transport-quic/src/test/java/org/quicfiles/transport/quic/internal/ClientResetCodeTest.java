package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.protocol.Bt;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.internal.RawWire;
import org.quicfiles.protocol.HeaderBlockParser;

/**
 * When the server stops an upload early (RESET_STREAM + STOP_SENDING) while the client is still
 * writing, every client call reports the server's code, not the local "STOP_SENDING" write failure.
 */
class ClientResetCodeTest {
    /** Far more than the stream window: the client is still blocked writing when the server refuses. */
    private static final int BODY = 32 << 20;
    private static TestServer server;
    private static QuicFilesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("max-stream-data", "256K", "max-data", "1M"));
        client = server.connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @Test
    void exchangeRawReportsTheCodeOfAnUploadStoppedEarly() {
        byte[] tenBytes = HeaderBlockParser.encode(Bt.Dict.builder().put("!", "SIZED").put("s", 10).build());
        byte[] tooLong = java.util.Arrays.copyOf(tenBytes, tenBytes.length + BODY);
        QuicFilesClientException e = assertThrows(QuicFilesClientException.class, () -> RawWire.exchange(client, tooLong, true));
        assertEquals(ErrorCode.TOO_LONG, e.code());
    }

    @Test
    void exchangeRawReportsTheCodeOfAnUnknownCommandRefusedMidUpload() {
        byte[] unknown = HeaderBlockParser.encode(Bt.Dict.builder().put("!", "NOPE").build());
        byte[] big = java.util.Arrays.copyOf(unknown, unknown.length + BODY);
        QuicFilesClientException e = assertThrows(QuicFilesClientException.class, () -> RawWire.exchange(client, big, true));
        assertEquals(405, e.wireCode());
    }

    @Test
    void streamReportsTheCodeOfAnUploadStoppedEarly() {
        Map<String, Object> header = Map.of("!", "SIZED", "s", 10);
        QuicFilesClientException e = assertThrows(QuicFilesClientException.class, () -> client.stream(header,
                Channels.repeat(BODY), java.nio.channels.Channels.newChannel(new java.io.ByteArrayOutputStream())));
        assertEquals(ErrorCode.TOO_LONG, e.code());
    }
}

package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.internal.RawWire;

/** The server's answers to bad file streams, sent as raw bytes over real QUIC. */
class FileStreamErrorsTest {
    private static TestServer server;
    private static QuicFilesClient client;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("max-header-size", "100", "header-timeout", "300ms"));
        client = server.connect();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    private static long resetCode(String raw, boolean fin) {
        return assertThrows(QuicFilesClientException.class,
                () -> RawWire.exchange(client, raw.getBytes(StandardCharsets.US_ASCII), fin)).wireCode();
    }

    @ParameterizedTest
    @ValueSource(strings = {"x:de", ":de", "019:d1:!3:PUT1:si8192ee", "2 :de", "-1:de", "12345678901:",
        "4:le", "3:i1e", "14:d1:s1:x1:!1:ye", "4:d1:!e", "2:de", "10:d1:!i404ee", "d1:!3:PUTe",
        "101:", "6:d1:!3:"})
    void malformedCommandBlocksAre400(String raw) {
        assertEquals(400, resetCode(raw, true), raw);
    }

    @Test
    void anUnknownCommandIs405() {
        assertEquals(405, resetCode("11:d1:!4:NOPEe", true));
    }

    @Test
    void aBlockThatNeverCompletesIsCutOffWith400() {
        assertEquals(400, resetCode("11:d1:!4:", false));
    }

    @Test
    void aCommandsProtocolErrorIsItsCode() {
        assertEquals(404, resetCode("14:d1:!7:MISSINGe", true));
    }

    @Test
    void anyOtherFailureIs480() {
        assertEquals(480, resetCode("11:d1:!4:BOOMe", true));
    }

    @Test
    void aGoodStreamStillWorksAfterTheErrors() throws Exception {
        byte[] reply = RawWire.exchange(client, "11:d1:!4:ECHOehello".getBytes(StandardCharsets.US_ASCII), true);
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), reply);
    }
}

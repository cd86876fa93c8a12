package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.client.QuicFilesClient;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.client.RequestFailedException;
import org.quicfiles.client.internal.RawWire;
import org.quicfiles.protocol.Wire;

/** Stream 0 over real QUIC: replies, error replies, ordering and malformed frames. */
class RequestStreamTest {
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void repliesCarryTheEndpointsAnswer() throws Exception {
        try (QuicFilesClient client = server.connect()) {
            assertArrayEquals(ascii("d1:#3:123e"), client.request("echo", ascii("d1:#3:123e")));
            assertArrayEquals(ascii("{}"), client.request("echo", new byte[0]), "an empty body is an empty JSON object");
        }
    }

    @Test
    void errorRepliesNameTheProblem() throws Exception {
        try (QuicFilesClient client = server.connect()) {
            assertEquals("Invalid endpoint 'nope'", assertThrows(RequestFailedException.class,
                    () -> client.request("nope", ascii("{}"))).bodyText());
            assertEquals("NOT_FOUND", assertThrows(RequestFailedException.class,
                    () -> client.request("missing", ascii("d1:#1:1e"))).bodyText());
            assertEquals("{\"error\":\"NOT_FOUND\"}", assertThrows(RequestFailedException.class,
                    () -> client.request("missing", ascii("{\"id\":\"1\"}"))).bodyText());
            assertEquals("INTERNAL_ERROR", assertThrows(RequestFailedException.class,
                    () -> client.request("boom", ascii("de"))).bodyText());
            assertEquals("{\"error\":\"INTERNAL_ERROR\"}", assertThrows(RequestFailedException.class,
                    () -> client.request("boom", ascii("{}"))).bodyText());
        }
    }

    @Test
    void anEndpointAnswersOnTheEventLoopWhenItCanAndOnAVirtualThreadOtherwise() throws Exception {
        try (QuicFilesClient client = server.connect()) {
            assertArrayEquals(ascii("{\"at\":\"platform thread at once\"}"), client.request("where", ascii("{\"now\":1}")));
            assertArrayEquals(ascii("{\"at\":\"virtual thread by handle\"}"), client.request("where", ascii("{}")));
            assertEquals("{\"error\":\"NOT_FOUND\"}", assertThrows(RequestFailedException.class,
                    () -> client.request("where", ascii("{\"now\":2}"))).bodyText());
            assertEquals("INTERNAL_ERROR", assertThrows(RequestFailedException.class,
                    () -> client.request("where", ascii("d3:nowi3ee"))).bodyText());
            // the connection and its loop go on after both
            assertArrayEquals(ascii("{\"at\":\"platform thread at once\"}"), client.request("where", ascii("{\"now\":1}")));
        }
    }

    @Test
    void aSlowCommandDoesNotHoldBackOthersAndRepliesComeOutOfOrder() throws Exception {
        try (QuicFilesClient client = server.connect()) {
            CompletableFuture<byte[]> slow = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.request("slow", ascii("de"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(ascii("{\"n\":" + i + "}"), client.request("echo", ascii("{\"n\":" + i + "}")));
            }
            server.slowGate.countDown();
            assertArrayEquals(ascii("d4:slow4:donee"), slow.get());
        }
    }

    @Test
    void aMalformedFrameClosesTheRequestStreamWith777000105() throws Exception {
        for (String bad : new String[] {"x", "02:le", "3:i1e", "8:l1:Ci0ee", "10000001:"}) {
            try (QuicFilesClient client = server.connect()) {
                RawWire.sendRequestBytes(client, ascii(bad));
                QuicFilesClientException e = assertThrows(QuicFilesClientException.class,
                        () -> client.request("echo", ascii("de")), bad);
                assertEquals(Wire.MALFORMED_FRAME_CODE, e.wireCode(), bad);
                // file streams are unaffected
                assertArrayEquals(ascii("ok"), RawWire.exchange(client, ascii("11:d1:!4:ECHOeok"), true));
            }
        }
    }

    @Test
    void aFinInTheMiddleOfAFrameIsAMalformedFrame() throws Exception {
        try (RawPeer peer = RawPeer.connect(server.address())) {
            RawPeer.Stream requests = peer.open(true);
            requests.write(ascii("24:l1:Ci0e9:file_info3:abce10:l1:C"), true);
            assertEquals(Wire.MALFORMED_FRAME_CODE, requests.awaitEnd(10));
        }
    }
}

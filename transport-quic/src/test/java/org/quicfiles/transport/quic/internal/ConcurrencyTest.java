package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.channels.Channels;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.quicfiles.client.QuicFilesClient;

/** Many streams on one connection and many connections at once, byte-exact. */
class ConcurrencyTest {
    private static final Map<String, Object> ECHO = Map.of("!", "ECHO");
    private static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Map.of("max-streams", "100"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static byte[] random(int seed, int size) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }

    private static byte[] echo(QuicFilesClient client, byte[] data) throws Exception {
        org.quicfiles.transport.quic.internal.Channels.Collect out = new org.quicfiles.transport.quic.internal.Channels.Collect();
        client.stream(ECHO, Channels.newChannel(new ByteArrayInputStream(data)), out);
        return out.bytes.toByteArray();
    }

    @Test
    void sixtyFourEchoStreamsOnOneConnection() throws Exception {
        try (QuicFilesClient client = server.connect(); ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<byte[]> inputs = new ArrayList<>();
            List<Future<byte[]>> outputs = new ArrayList<>();
            for (int i = 0; i < 64; i++) {
                byte[] data = random(i, 100_000 + i * 3_000);
                inputs.add(data);
                outputs.add(threads.submit(() -> echo(client, data)));
            }
            for (int i = 0; i < 64; i++) {
                assertArrayEquals(inputs.get(i), outputs.get(i).get(), "stream " + i);
            }
        }
    }

    @Test
    void connectionsOverTheLimitAreClosed() throws Exception {
        try (TestServer limited = new TestServer(Map.of("max-connections", "1"));
             QuicFilesClient first = limited.connect()) {
            assertArrayEquals(TestServer.echoBody(1), first.request("echo", TestServer.echoBody(1)));
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> {
                try (QuicFilesClient second = limited.connect()) {
                    second.request("echo", TestServer.echoBody(2));
                }
            });
            assertArrayEquals(TestServer.echoBody(3), first.request("echo", TestServer.echoBody(3)));
        }
    }

    @Test
    void sixteenConnectionsAtOnce() throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> results = new ArrayList<>();
            for (int c = 0; c < 16; c++) {
                int seed = 1000 + c;
                results.add(threads.submit(() -> {
                    try (QuicFilesClient client = server.connect()) {
                        byte[] data = random(seed, 300_000);
                        assertArrayEquals(data, echo(client, data));
                        byte[] body = ("{\"c\":" + seed + "}").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                        assertArrayEquals(body, client.request("echo", body));
                    }
                    return null;
                }));
            }
            for (Future<?> result : results) {
                result.get();
            }
        }
    }
}

package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.uring.IoUring;
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.quicfiles.client.QuicFilesClient;

/** Every datagram transport serves the protocol; settings are checked. */
class DatagramIoTest {
    @ParameterizedTest
    @CsvSource({"nio, quic/nio, true", "epoll, quic/epoll, true", "io_uring, quic/io_uring, true",
        "epoll, quic/epoll, false", "nio, quic/nio, false"})
    void echoesOverEachTransport(String io, String description, boolean gso) throws Exception {
        assumeTrue(!io.equals("epoll") || Epoll.isAvailable());
        assumeTrue(!io.equals("io_uring") || IoUring.isAvailable());
        byte[] data = new byte[1 << 20];
        new Random(3).nextBytes(data);
        try (TestServer server = new TestServer(Map.of("io", io, "gso", Boolean.toString(gso), "0rtt", "false",
                "max-udp-payload", "1452"));
             QuicFilesClient client = server.connect()) {
            assertTrue(server.transport.describe().startsWith(description), server.transport.describe());
            Channels.Collect out = new Channels.Collect();
            client.stream(Map.of("!", "ECHO"),
                    java.nio.channels.Channels.newChannel(new ByteArrayInputStream(data)), out);
            assertArrayEquals(data, out.bytes.toByteArray());
        }
    }

    @Test
    void autoPicksEpollWhereAvailable() {
        assertEquals(Epoll.isAvailable() ? DatagramIo.EPOLL : DatagramIo.NIO, DatagramIo.resolve(DatagramIo.Choice.AUTO));
    }

    @Test
    void badSettingsNameTheirKey() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportSettings.from(
                new org.quicfiles.api.Config(Map.of("io", "dpdk"))))
                .getMessage().startsWith("transport.io"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TransportSettings.from(
                new org.quicfiles.api.Config(Map.of("max-streams", "0"))))
                .getMessage().startsWith("transport.max-streams"));
        TransportSettings defaults = TransportSettings.from(org.quicfiles.api.Config.empty());
        assertEquals(11235, defaults.port());
        assertEquals(32, defaults.maxStreams());
        assertEquals(15L << 20, defaults.maxData());
        assertEquals(6L << 20, defaults.maxStreamData());
        assertEquals(30, defaults.idleTimeout().toSeconds());
        assertTrue(defaults.zeroRtt());
    }
}

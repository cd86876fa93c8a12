package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.endpoint.RequestEndpoint;
import org.quicfiles.api.endpoint.StreamCommand;
import org.quicfiles.api.spi.Router;
import org.quicfiles.testkit.RecordingLogger;
import org.quicfiles.testkit.RecordingMeters;

class TransportMetricsTest {
    private static final InetSocketAddress PEER = new InetSocketAddress("127.0.0.1", 4000);

    private final RecordingMeters meters = new RecordingMeters();
    private final TransportMetrics metrics = new TransportMetrics(meters, new Router() {
        @Override
        public Optional<StreamCommand> streamCommand(String name) {
            return name.equals("PUT") ? Optional.of(exchange -> { }) : Optional.empty();
        }

        @Override
        public Optional<RequestEndpoint> requestEndpoint(String name) {
            return name.equals("file_info") ? Optional.of(request -> java.util.Map.of()) : Optional.empty();
        }
    });

    @Test
    void operationsAreCountedByCommandAndResultWithTheirBodyBytes() {
        metrics.operation(new AccessLog.Entry(PEER, "c1", 4, "PUT", "id", 1000, 40, 5_000, AccessLog.OK));
        metrics.operation(new AccessLog.Entry(PEER, "c1", 8, "PUT", null, 10, 0, 5_000, 480));
        metrics.operation(new AccessLog.Entry(PEER, "c1", 0, "file_info", "id", 50, 20, 5_000, 404));

        assertEquals(1, meters.count("commands", "command", "PUT", "result", "ok"));
        assertEquals(1, meters.count("commands", "command", "PUT", "result", "480"));
        assertEquals(1, meters.count("commands", "command", "file_info", "result", "404"));
        assertEquals(1010, meters.count("bytes.in", "command", "PUT"));
        assertEquals(40, meters.count("bytes.out", "command", "PUT"));
        assertEquals(50, meters.count("bytes.in", "command", "file_info"));
    }

    @Test
    void namesNoPluginServesAreOneSeriesSoAPeerCannotGrowTheirNumber() {
        for (int i = 0; i < 100; i++) {
            metrics.operation(new AccessLog.Entry(PEER, "c1", 4L * i, "NOPE" + i, null, 0, 0, 1_000, 405));
        }
        metrics.operation(new AccessLog.Entry(PEER, "c1", 400, null, null, 0, 0, 1_000, 400));

        assertEquals(100, meters.count("commands", "command", TransportMetrics.OTHER, "result", "405"));
        assertEquals(1, meters.count("commands", "command", TransportMetrics.OTHER, "result", "400"));
        assertFalse(meters.has("commands", "command", "NOPE1", "result", "405"));
    }

    @Test
    void aRouterThatThrowsCountsTheNameAsOtherAndNoMetersMeansNoRouterCall() {
        Router broken = new Router() {
            @Override
            public Optional<StreamCommand> streamCommand(String name) {
                throw new IllegalStateException("broken router");
            }

            @Override
            public Optional<RequestEndpoint> requestEndpoint(String name) {
                throw new IllegalStateException("broken router");
            }
        };
        RecordingMeters recorded = new RecordingMeters();
        new TransportMetrics(recorded, broken).operation(new AccessLog.Entry(PEER, "c1", 4, "PUT", null, 0, 0, 1, 480));
        new TransportMetrics(org.quicfiles.api.spi.Meters.NONE, broken)
                .operation(new AccessLog.Entry(PEER, "c1", 4, "PUT", null, 0, 0, 1, 480));

        assertEquals(1, recorded.count("commands", "command", TransportMetrics.OTHER, "result", "480"));
    }

    @Test
    void connectionsAndStreamsAreCountedAndTheirOpenGaugesComeBackToZero() {
        metrics.connectionOpened();
        metrics.streamOpened();
        metrics.streamOpened();
        assertEquals(1.0, meters.gauge("connections.open"));
        assertEquals(2.0, meters.gauge("streams.open"));
        metrics.streamClosed();
        metrics.streamClosed();
        metrics.connectionClosed();

        assertEquals(0.0, meters.gauge("connections.open"));
        assertEquals(0.0, meters.gauge("streams.open"));
        assertEquals(1, meters.count("connections.opened"));
        assertEquals(2, meters.count("streams.opened"));
    }

    @Test
    void everyErrorKindExistsFromTheStartAndTheAbuseLogCountsItsCauses() {
        assertTrue(meters.has("transport.errors", "kind", "handshake"));
        assertTrue(meters.has("transport.errors", "kind", "min_rate"));
        AbuseLog abuse = new AbuseLog(new RecordingLogger(), Duration.ofMinutes(1), System::nanoTime, metrics);
        abuse.record(AbuseLog.Cause.STALL);
        abuse.record(AbuseLog.Cause.STALL);
        metrics.error(TransportMetrics.HANDSHAKE);

        assertEquals(2, meters.count("transport.errors", "kind", "stall"));
        assertEquals(1, meters.count("transport.errors", "kind", "handshake"));
        assertEquals(0, meters.count("transport.errors", "kind", "min_rate"));
    }
}

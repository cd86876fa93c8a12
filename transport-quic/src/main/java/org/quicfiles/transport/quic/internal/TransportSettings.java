package org.quicfiles.transport.quic.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.quicfiles.api.Config;
import org.quicfiles.protocol.HeaderBlockParser;
import org.quicfiles.protocol.Wire;

/**
 * The transport's settings, read from the {@code transport.} config section (see the package
 * documentation for each key).
 */
record TransportSettings(String address, int port, long maxStreams, Duration idleTimeout, long maxData,
                         long maxStreamData, boolean zeroRtt, DatagramIo.Choice io, int maxUdpPayload,
                         boolean gso, int maxConnections, int maxHeaderSize, Duration headerTimeout,
                         Duration stallTimeout, int maxRequests, RetryMode retry, int retryAutoHandshakes,
                         Duration retryTokenLifetime, long minRate, Duration minRateWindow,
                         long requestMemory, String qlogDir, Duration abuseLogInterval,
                         long requestMemoryPerConnection) {

    static final int DEFAULT_UDP_PAYLOAD = 1350;
    /** One largest stream-0 frame and a little more: a connection needs no more to make progress. */
    static final long DEFAULT_REQUEST_MEMORY_PER_CONNECTION = 12L << 20;

    TransportSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("transport.port: " + port + " is not a port");
        }
        positive("max-streams", maxStreams);
        if (abuseLogInterval.isNegative() || abuseLogInterval.isZero()) {
            throw new IllegalArgumentException("transport.abuse-log-interval: must be positive, is " + abuseLogInterval);
        }
        if (requestMemoryPerConnection < Wire.MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("transport.request-memory-per-connection: must be at least one"
                    + " largest frame (" + Wire.MAX_FRAME_SIZE + " bytes), is " + requestMemoryPerConnection);
        }
        positive("max-data", maxData);
        positive("max-stream-data", maxStreamData);
        positive("max-connections", maxConnections);
        positive("max-header-size", maxHeaderSize);
        positive("header-timeout", headerTimeout.toMillis());
        positive("stall-timeout", stallTimeout.toMillis());
        positive("max-requests", maxRequests);
        positive("retry-token-lifetime", retryTokenLifetime.toMillis());
        positive("min-rate-window", minRateWindow.toMillis());
        positive("request-memory", requestMemory);
        if (minRate < 0) {
            throw new IllegalArgumentException("transport.min-rate: must not be negative (0 disables it)");
        }
        if (retryAutoHandshakes < 0) {
            throw new IllegalArgumentException("transport.retry-auto-handshakes: must not be negative");
        }
        if (maxUdpPayload < 1200 || maxUdpPayload > 65527) {
            throw new IllegalArgumentException("transport.max-udp-payload: must be 1200 to 65527");
        }
    }

    /** Every key {@link #from(Config)} reads, relative to {@code transport.}; declared by the provider. */
    static final java.util.Set<String> KEYS = java.util.Set.of("address", "port", "max-streams", "idle-timeout",
            "max-data", "max-stream-data", "0rtt", "io", "max-udp-payload", "gso", "max-connections",
            "max-header-size", "header-timeout", "stall-timeout", "max-requests", "retry", "retry-auto-handshakes",
            "retry-token-lifetime", "min-rate", "min-rate-window", "request-memory", "qlog-dir", "abuse-log-interval",
            "request-memory-per-connection");

    static TransportSettings from(Config config) {
        return new TransportSettings(
                config.get("address", "0.0.0.0"),
                config.getInt("port", Wire.DEFAULT_PORT),
                config.getLong("max-streams", 32),
                config.getDuration("idle-timeout", Duration.ofSeconds(30)),
                config.getLong("max-data", 15L << 20),
                config.getLong("max-stream-data", 6L << 20),
                config.getBoolean("0rtt", true),
                DatagramIo.Choice.parse(config.get("io", "auto")),
                config.getInt("max-udp-payload", DEFAULT_UDP_PAYLOAD),
                config.getBoolean("gso", true),
                config.getInt("max-connections", 10_000),
                config.getInt("max-header-size", HeaderBlockParser.DEFAULT_MAX_SIZE),
                config.getDuration("header-timeout", Duration.ofSeconds(10)),
                config.getDuration("stall-timeout", Duration.ofSeconds(30)),
                config.getInt("max-requests", 32),
                RetryMode.parse(config.get("retry", "auto")),
                config.getInt("retry-auto-handshakes", 64),
                config.getDuration("retry-token-lifetime", Duration.ofSeconds(10)),
                config.getLong("min-rate", 1024),
                config.getDuration("min-rate-window", Duration.ofSeconds(30)),
                config.getLong("request-memory", 256L << 20),
                config.get("qlog-dir", ""),
                config.getDuration("abuse-log-interval", Duration.ofMinutes(1)),
                config.getLong("request-memory-per-connection", DEFAULT_REQUEST_MEMORY_PER_CONNECTION));
    }

    /** When the server answers a token-less Initial with a Retry (address validation). */
    enum RetryMode {
        /** Never: every Initial starts a handshake. */
        OFF,
        /** Always: one extra round trip per new connection. */
        ON,
        /** Only while the server is busy with handshakes or near {@code max-connections}. */
        AUTO;

        static RetryMode parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "off", "false" -> OFF;
                case "on", "true" -> ON;
                case "auto" -> AUTO;
                default -> throw new IllegalArgumentException("transport.retry: '" + text + "' is not off, on or auto");
            };
        }
    }

    /** Whether each connection writes a qlog trace into {@link #qlogDir}. */
    boolean qlog() {
        return !qlogDir.isBlank();
    }

    InetSocketAddress bindAddress() {
        return new InetSocketAddress(address, port);
    }

    private static void positive(String key, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException("transport." + key + ": must be positive, not " + value);
        }
    }
}

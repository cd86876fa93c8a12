package org.quicfiles.transport.ngtcp2.internal;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.quicfiles.api.Config;
import org.quicfiles.protocol.HeaderBlockParser;
import org.quicfiles.protocol.Wire;

/**
 * The ngtcp2 transport's settings, from the same {@code transport.} keys as the Netty transport
 * (see the package documentation for which of them it honours).
 */
record ServerSettings(String address, int port, long maxStreams, Duration idleTimeout, long maxData,
                      long maxStreamData, int maxUdpPayload, int maxConnections, int maxHeaderSize,
                      Duration headerTimeout, Duration stallTimeout, int maxRequests, Duration handshakeTimeout,
                      long minRate, Duration minRateWindow, long requestMemory, Duration abuseLogInterval,
                      long requestMemoryPerConnection, Retry retry, int retryAutoHandshakes, Duration retryTokenLifetime,
                      boolean zeroRtt, String qlogDir, long sendMemory) {

    ServerSettings {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("transport.port: " + port + " is not a port");
        }
        positive("max-streams", maxStreams);
        positive("max-data", maxData);
        positive("max-stream-data", maxStreamData);
        positive("max-connections", maxConnections);
        positive("max-header-size", maxHeaderSize);
        positive("header-timeout", headerTimeout.toMillis());
        positive("stall-timeout", stallTimeout.toMillis());
        positive("max-requests", maxRequests);
        positive("handshake-timeout", handshakeTimeout.toMillis());
        positive("min-rate-window", minRateWindow.toMillis());
        positive("request-memory", requestMemory);
        positive("send-memory", sendMemory);
        positive("abuse-log-interval", abuseLogInterval.toMillis());
        positive("retry-token-lifetime", retryTokenLifetime.toMillis());
        if (retryAutoHandshakes < 0) {
            throw new IllegalArgumentException("transport.retry-auto-handshakes: must not be negative");
        }
        if (requestMemoryPerConnection < Wire.MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("transport.request-memory-per-connection: must be at least one"
                    + " largest frame (" + Wire.MAX_FRAME_SIZE + " bytes), is " + requestMemoryPerConnection);
        }
        if (minRate < 0) {
            throw new IllegalArgumentException("transport.min-rate: must not be negative (0 disables it)");
        }
        if (maxUdpPayload < 1200 || maxUdpPayload > 65527) {
            throw new IllegalArgumentException("transport.max-udp-payload: must be 1200 to 65527");
        }
    }

    /** Unacknowledged outgoing bytes of the whole server, unless {@code transport.send-memory} says otherwise. */
    static final long DEFAULT_SEND_MEMORY = 64L << 20;

    /** The keys read here, relative to {@code transport.} (see {@code TransportProvider.configKeys}). */
    static final java.util.Set<String> KEYS = java.util.Set.of("address", "port", "max-streams", "idle-timeout",
            "max-data", "max-stream-data", "max-udp-payload", "max-connections", "max-header-size", "header-timeout",
            "stall-timeout", "max-requests", "handshake-timeout", "min-rate", "min-rate-window", "request-memory",
            "abuse-log-interval", "request-memory-per-connection", "retry", "retry-auto-handshakes",
            "retry-token-lifetime", "0rtt", "qlog-dir", "send-memory");

    /** When a token-less Initial is answered with a Retry (address validation), as on the Netty transport. */
    enum Retry {
        /** Never. */
        OFF,
        /** Always: one more round trip per new connection. */
        ON,
        /** Only while handshakes pile up or connections pass half of {@code max-connections}. */
        AUTO;

        static Retry parse(String text) {
            return switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "off", "false" -> OFF;
                case "on", "true" -> ON;
                case "auto" -> AUTO;
                default -> throw new IllegalArgumentException("transport.retry: '" + text + "' is not off, on or auto");
            };
        }
    }

    static ServerSettings from(Config config) {
        return new ServerSettings(
                config.get("address", "0.0.0.0"),
                config.getInt("port", Wire.DEFAULT_PORT),
                config.getLong("max-streams", 32),
                config.getDuration("idle-timeout", Duration.ofSeconds(30)),
                config.getLong("max-data", 15L << 20),
                config.getLong("max-stream-data", 6L << 20),
                config.getInt("max-udp-payload", 1350),
                config.getInt("max-connections", 10_000),
                config.getInt("max-header-size", HeaderBlockParser.DEFAULT_MAX_SIZE),
                config.getDuration("header-timeout", Duration.ofSeconds(10)),
                config.getDuration("stall-timeout", Duration.ofSeconds(30)),
                config.getInt("max-requests", 32),
                config.getDuration("handshake-timeout", Duration.ofSeconds(10)),
                config.getLong("min-rate", 1024),
                config.getDuration("min-rate-window", Duration.ofSeconds(30)),
                config.getLong("request-memory", 256L << 20),
                config.getDuration("abuse-log-interval", Duration.ofMinutes(1)),
                config.getLong("request-memory-per-connection", 12L << 20),
                Retry.parse(config.get("retry", "auto")),
                config.getInt("retry-auto-handshakes", 64),
                config.getDuration("retry-token-lifetime", Duration.ofSeconds(10)),
                config.getBoolean("0rtt", true),
                config.get("qlog-dir", ""),
                config.getLong("send-memory", DEFAULT_SEND_MEMORY));
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

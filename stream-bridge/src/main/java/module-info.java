/**
 * What the transports' blocking stream bridges share, JDK only: {@link org.quicfiles.bridge.MinimumRate}
 * (the peer watchdog's rate meter), {@link org.quicfiles.bridge.RequestMemoryBudget} (the
 * server-wide stream-0 budget) and {@link org.quicfiles.bridge.AbuseLog} (what the limits cut off). The Netty and ngtcp2 transports both require it, so that a limit
 * means the same on either.
 */
module org.quicfiles.bridge {
    exports org.quicfiles.bridge;
}

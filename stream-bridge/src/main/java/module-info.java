/**
 * What the blocking stream bridges of the transports and the client share (the JDK and the api
 * only), one concern per class: {@link org.quicfiles.bridge.InboundQueue},
 * {@link org.quicfiles.bridge.OutboundWindow}, {@link org.quicfiles.bridge.PeerWatchdog} and
 * {@link org.quicfiles.bridge.FinPolicy} (decision note 0180); the blocking loops over them,
 * {@link org.quicfiles.bridge.BlockingReads} and {@link org.quicfiles.bridge.BlockingWrites}, the wait on the peer
 * {@link org.quicfiles.bridge.PeerWait} and {@link org.quicfiles.bridge.AbortState} (note 0185); the blocking stream
 * that joins them under one lock for a transport and a failure policy, {@link org.quicfiles.bridge.BridgedStream}
 * (note 0186); and {@link org.quicfiles.bridge.MinimumRate}
 * (the peer watchdog's rate meter), {@link org.quicfiles.bridge.RequestMemoryBudget} (the
 * server-wide stream-0 budget), {@link org.quicfiles.bridge.AbuseLog} (what the limits cut off),
 * {@link org.quicfiles.bridge.CommandFailures} (the reset code for a failed command),
 * {@link org.quicfiles.bridge.AccessLog} (one line per operation on the logger {@code quicfiles.access}) and
 * {@link org.quicfiles.bridge.TransportMetrics} (the same operations, connections, streams and errors as meters). The Netty and ngtcp2 transports both require it, so that a limit
 * means the same on either.
 */
module org.quicfiles.bridge {
    requires transitive org.quicfiles.api;

    exports org.quicfiles.bridge;
}

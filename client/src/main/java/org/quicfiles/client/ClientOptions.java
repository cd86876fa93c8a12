package org.quicfiles.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a quic-files server.
 *
 * @param server the server's UDP address
 * @param serverKey the server's 32-byte Ed25519 public key to pin; empty = insecure, no pinning
 * @param timeout connect timeout, stream-0 request timeout and QUIC idle timeout
 */
public record ClientOptions(InetSocketAddress server, Optional<byte[]> serverKey, Duration timeout) {
    /** Checks the fields. */
    public ClientOptions {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(serverKey, "serverKey");
        Objects.requireNonNull(timeout, "timeout");
        serverKey.ifPresent(key -> {
            if (key.length != 32) {
                throw new IllegalArgumentException("serverKey must be a 32-byte Ed25519 public key");
            }
        });
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }
}

package org.quicfiles.client;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How to reach a quic-files server: its address, whether its identity is pinned to a
 * {@link ServerKey}, and the timeout. Made by {@link #pinned} or, without any check of the
 * server's identity, {@link #unpinned}. Immutable.
 */
public final class ClientOptions {
    private final InetSocketAddress server;
    private final ServerKey serverKey;
    private final Duration timeout;
    private final boolean contentCheck;

    private ClientOptions(InetSocketAddress server, ServerKey serverKey, Duration timeout, boolean contentCheck) {
        this.server = Objects.requireNonNull(server, "server");
        this.serverKey = serverKey;
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.contentCheck = contentCheck;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
    }

    /**
     * Options that accept only the server holding {@code key}.
     *
     * @param server the server's UDP address
     * @param key the server's Ed25519 public key
     * @param timeout connect timeout, stream-0 request timeout and QUIC idle timeout; positive
     */
    public static ClientOptions pinned(InetSocketAddress server, ServerKey key, Duration timeout) {
        return new ClientOptions(server, Objects.requireNonNull(key, "key"), timeout, true);
    }

    /**
     * Options that accept any server at {@code server} (insecure: no check of its identity).
     *
     * @param server the server's UDP address
     * @param timeout connect timeout, stream-0 request timeout and QUIC idle timeout; positive
     */
    public static ClientOptions unpinned(InetSocketAddress server, Duration timeout) {
        return new ClientOptions(server, null, timeout, true);
    }

    /** The server's UDP address. */
    public InetSocketAddress server() {
        return server;
    }

    /** The pinned key; empty for {@link #unpinned} options. */
    public Optional<ServerKey> serverKey() {
        return Optional.ofNullable(serverKey);
    }

    /** Connect timeout, stream-0 request timeout and QUIC idle timeout. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * These options, except that downloads of content ids are not hashed and checked against the
     * id: for callers that check the bytes some other way or not at all, such as a load driver
     * that must spend the same CPU on every server it measures (hashing costs the client about
     * 0.18 ms per 100 KB).
     */
    public ClientOptions withoutContentCheck() {
        return new ClientOptions(server, serverKey, timeout, false);
    }

    /** Whether downloads of content ids are checked against the id (true unless {@link #withoutContentCheck}). */
    public boolean contentCheck() {
        return contentCheck;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ClientOptions options && server.equals(options.server)
                && Objects.equals(serverKey, options.serverKey) && timeout.equals(options.timeout)
                && contentCheck == options.contentCheck;
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, serverKey, timeout, contentCheck);
    }

    @Override
    public String toString() {
        return "ClientOptions[server=" + server + ", " + (serverKey == null ? "unpinned" : "pinned " + serverKey.hex())
                + ", timeout=" + timeout + (contentCheck ? "" : ", no content check") + "]";
    }
}

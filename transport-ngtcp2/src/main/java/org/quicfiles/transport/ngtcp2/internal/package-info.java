/**
 * The ngtcp2 transport's implementation (not exported): {@link Ngtcp2Server} runs one event-loop
 * thread that owns every connection's ngtcp2 and GnuTLS state; stream commands run on virtual
 * threads behind a {@link FileExchange}, stream 0 behind a {@link RequestStream}. The bindings are
 * in the {@code ffi} package.
 *
 * <p>It reads the same {@code transport.} keys as the Netty transport: {@code address},
 * {@code port}, {@code max-streams}, {@code idle-timeout}, {@code max-data},
 * {@code max-stream-data}, {@code max-udp-payload}, {@code max-connections},
 * {@code max-header-size}, {@code header-timeout}, {@code stall-timeout}, {@code max-requests},
 * {@code min-rate}, {@code min-rate-window} and {@code request-memory}, with the same meaning and
 * defaults (the meter and the budget are the same classes, from {@code stream-bridge}), plus
 * {@code handshake-timeout} (10s, as libquic), and {@code retry}, {@code retry-auto-handshakes} and
 * {@code retry-token-lifetime} (tokens from ngtcp2's crypto helper, keyed per process), and
 * {@code 0rtt} (true: resumed clients may send early data; session tickets under a random key
 * per process, GnuTLS anti-replay) and {@code qlog-dir} (empty: off; ngtcp2's qlog, JSON-SEQ, one
 * {@code <original DCID>-<n>.qlog} per connection), and {@code send-memory} (64M: the server-wide
 * budget of sent bytes not yet acknowledged, {@link SendMemory}). It does not read {@code io} or {@code gso}: the
 * server refuses them when this transport is the one chosen.
 */
package org.quicfiles.transport.ngtcp2.internal;

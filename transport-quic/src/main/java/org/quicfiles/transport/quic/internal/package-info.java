/**
 * The QUIC transport's implementation (not exported).
 *
 * <p>Configuration keys, read from the {@code transport.} section:
 * <ul>
 *   <li>{@code address} (default {@code 0.0.0.0}) and {@code port} (11235; 0 picks a free port,
 *       reported by {@code Transport.localAddress()});</li>
 *   <li>{@code max-streams} (32): bidirectional streams a client may open at once;</li>
 *   <li>{@code idle-timeout} (30s);</li>
 *   <li>{@code max-data} (15M) and {@code max-stream-data} (6M): QUIC flow-control windows per
 *       connection and per stream;</li>
 *   <li>{@code 0rtt} (true): accept TLS early data;</li>
 *   <li>{@code io} ({@code auto}, {@code epoll}, {@code io_uring} or {@code nio}): the datagram
 *       transport; {@code auto} picks epoll when available, else NIO (see decision note 0102);</li>
 *   <li>{@code max-udp-payload} (1350): largest UDP payload sent and received;</li>
 *   <li>{@code gso} (true): UDP segmentation offload (one {@code sendmsg} for up to 10 packets) on
 *       epoll; receives always use {@code recvmmsg} batches of 32 on epoll and io_uring;</li>
 *   <li>{@code max-connections} (10000): connections beyond it are closed at once;</li>
 *   <li>{@code max-header-size} (16K): largest command block of a file stream (400 beyond);</li>
 *   <li>{@code header-timeout} (10s): a file stream whose command block is not complete by then is
 *       reset with 400;</li>
 *   <li>{@code stall-timeout} (30s): a stream command that waits on its peer this long without any
 *       progress (no byte arrives for its read, no window opens for its write) is aborted: its read or
 *       write throws {@code StreamAbortedException} and the stream is reset with 499, so a peer that
 *       never reads its download (or never finishes its upload) holds no thread or buffer beyond it
 *       even while the connection stays alive (decision note 0151). A read's wait while another
 *       stream of the same connection has paused reading (the server's own backlog fills the
 *       connection window) does not count (decision note 0204);</li>
 *   <li>{@code max-requests} (32): stream-0 commands one connection may have in flight (running, or
 *       answered but not yet accepted by QUIC); beyond it the server stops reading stream 0, so QUIC
 *       flow control holds the peer back (decision note 0152);</li>
 *   <li>{@code retry} ({@code auto}, {@code on} or {@code off}): QUIC address validation. With
 *       {@code on}, every Initial without a token is answered with a Retry carrying an HMAC-SHA256
 *       token over the client's address, port, original DCID and issue time (per-process random key,
 *       constant-time check), so a flood from spoofed addresses costs no handshake; a forged, expired
 *       or other-address token is dropped. {@code auto} decides per packet: Retry only while more
 *       than {@code retry-auto-handshakes} handshakes are in progress or the open connections exceed
 *       half of {@code max-connections}. Retry costs one round trip per new connection (decision
 *       note 0160);</li>
 *   <li>{@code retry-auto-handshakes} (64): the handshakes in progress beyond which {@code auto}
 *       sends Retry;</li>
 *   <li>{@code retry-token-lifetime} (10s): how long a Retry token is accepted;</li>
 *   <li>{@code min-rate} (1K, bytes per second; 0 disables it) and {@code min-rate-window} (30s): a
 *       file stream's peer must move at least this many bytes per second, in either direction,
 *       measured over the last window of time the stream command spent waiting on it (its own work
 *       does not count, as for {@code stall-timeout}); below it the exchange is aborted and the
 *       stream reset with 499. This cuts off a peer that sends one byte just under every stall
 *       timeout (decision note 0161);</li>
 *   <li>{@code request-memory} (256M): server-wide budget of bytes held by the bodies of parsed
 *       stream-0 commands until their replies are accepted; while it is used up, a connection that
 *       already has a command outstanding stops reading stream 0 (QUIC flow control holds its peer
 *       back) until bytes are given back, while a connection with nothing outstanding may still
 *       read its next command (decision note 0162).</li>
 *   <li>{@code request-memory-per-connection} (12M, at least one largest frame of 10,000,000 bytes):
 *       what one connection may hold on stream 0, the frame in progress plus the bodies of its
 *       commands waiting or in flight; at the cap it stops reading until its commands finish. A frame
 *       in progress that gets no byte for {@code stall-timeout}, or arrives slower than
 *       {@code min-rate} while the server reads, resets stream 0 with 777000105 (decision note 0411);</li>
 *   <li>{@code abuse-log-interval} (1m): what the limits above cut off (header-timeout, stall-timeout,
 *       min-rate, max-connections, max-requests, request-memory, request-memory-per-connection, stalled
 *       stream-0 frames) is logged as one WARNING line per
 *       cause per interval with the count since the previous line; the first after a quiet interval
 *       at once. Lines name the cause and the limit, never addresses or contents (decision note
 *       0410);</li>
 *   <li>{@code qlog-dir} (empty: off): a folder where quiche writes a qlog trace (JSON-SEQ, one
 *       file per connection: every packet and frame sent and received, congestion metrics) for
 *       diagnosing transfers; it grows fast, so only for debugging. It showed the lost FIN of
 *       decision note 0163.</li>
 * </ul>
 */
package org.quicfiles.transport.quic.internal;

/**
 * The quic-files client: {@link org.quicfiles.client.QuicFilesClient#connect(ClientOptions)}, then
 * {@code put}, {@code get}, stream-0 {@code request}s and generic {@code stream} calls, all safe to
 * call from many threads at once on one connection. Transfers stream with bounded memory.
 *
 * <p>Null policy: no method accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.client;

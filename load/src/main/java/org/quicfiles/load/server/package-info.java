/**
 * The servers the load tool starts: {@link org.quicfiles.load.server.ForkedServer} (a process it
 * forked and measures), the bare QUIC baseline, nginx over HTTPS and the raw TCP ceiling.
 */
package org.quicfiles.load.server;

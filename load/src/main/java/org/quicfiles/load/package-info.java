/**
 * The load tool's command line: {@link org.quicfiles.load.LoadTool} and its commands {@code run},
 * {@code suite} and {@code bare-server}. The rest of the tool is split by job:
 * {@code driver} (workloads, the driver, results), {@code targets} (what the driver loads:
 * quicfiles or the bare QUIC baseline through the quicfiles client, nginx through
 * {@code java.net.http}, raw TCP), {@code server} (the servers the tool starts or forks),
 * {@code payload} (the bytes sent and checked), {@code report} (text, JSON, markdown tables) and
 * {@code scenario} (the suite P1–P6). The module exports nothing.
 */
package org.quicfiles.load;

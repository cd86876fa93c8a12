/**
 * The load tool. {@link org.quicfiles.load.LoadTool} is the command line; a {@link
 * org.quicfiles.load.Workload} is run by a {@link org.quicfiles.load.Driver} against a {@link
 * org.quicfiles.load.Target} (quicfiles or the bare QUIC baseline through the quicfiles client, nginx
 * through {@code java.net.http}, raw TCP); {@link org.quicfiles.load.Suite} runs scenarios P1–P5 and
 * writes the comparison table.
 */
package org.quicfiles.load;

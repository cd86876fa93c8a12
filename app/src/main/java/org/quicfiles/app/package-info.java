/**
 * The embedding API: {@link org.quicfiles.app.QuicFilesServer} runs the real server in-process (with
 * a clock the caller controls), and {@link org.quicfiles.app.Main} is the {@code quicfiles} command.
 *
 * <p>Null policy: no method of this package accepts or returns {@code null} unless its Javadoc says so.
 */
package org.quicfiles.app;

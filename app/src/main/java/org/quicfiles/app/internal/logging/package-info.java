/**
 * The server's logging: Logback behind SLF4J, configured from the {@code server.log-*} keys, with
 * {@code System.Logger}, {@code java.util.logging} and Netty routed to it (decision note 0412).
 */
package org.quicfiles.app.internal.logging;

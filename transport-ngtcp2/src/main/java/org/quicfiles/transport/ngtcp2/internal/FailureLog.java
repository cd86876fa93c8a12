package org.quicfiles.transport.ngtcp2.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Failures on the server's own side (a native call that ran out of memory or was misused, code
 * that threw inside an upcall or on the event loop, a router that threw): the first of each site
 * is logged at WARNING with its stack trace, later ones at DEBUG with their count, so that a peer
 * that can trigger one per packet or per stream cannot flood the log. Peer-caused failures (a
 * handshake or protocol error) are not reported here: they are logged at DEBUG where they happen.
 * Sites are a fixed set of strings (function or call-site names), so the map stays small. Thread-safe.
 */
final class FailureLog {
    private final System.Logger logger;
    private final ConcurrentHashMap<String, AtomicLong> counts = new ConcurrentHashMap<>();

    FailureLog(System.Logger logger) {
        this.logger = logger;
    }

    /**
     * @param site what failed, e.g. {@code ngtcp2_conn_read_pkt} or {@code router}: one WARNING per site
     * @param message the whole line, naming the function and the error
     * @param cause what was thrown, or null for a native error code
     */
    void report(String site, String message, Throwable cause) {
        long n = counts.computeIfAbsent(site, key -> new AtomicLong()).incrementAndGet();
        if (n == 1) {
            logger.log(System.Logger.Level.WARNING, message + " (logged once; later ones at DEBUG)", cause);
        } else {
            logger.log(System.Logger.Level.DEBUG, () -> message + " (" + n + " times so far)", cause);
        }
    }

    /** How often {@code site} failed (tests). */
    long count(String site) {
        AtomicLong n = counts.get(site);
        return n == null ? 0 : n.get();
    }
}

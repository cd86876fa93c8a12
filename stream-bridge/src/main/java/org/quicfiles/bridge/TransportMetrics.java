package org.quicfiles.bridge;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.quicfiles.api.spi.Meters;
import org.quicfiles.api.spi.Router;

/**
 * What every transport counts, under the same names whichever transport runs (decision note 0414):
 * connections that completed their handshake ({@code connections.opened}, {@code connections.open}),
 * peer streams ({@code streams.opened}, {@code streams.open}), one timer per command name and result
 * ({@code commands}, tags {@code command} and {@code result}: {@code ok} or the protocol's code, the
 * same operations as the {@link AccessLog}), body bytes ({@code bytes.in}, {@code bytes.out}, tag
 * {@code command}), and transport errors ({@code transport.errors}, tag {@code kind}: a failed
 * handshake, or the {@link AbuseLog.Cause} a limit cut off). A command name the router does not
 * know is counted as {@value #OTHER}, so that a peer cannot grow the set of series. Thread-safe.
 */
public final class TransportMetrics {
    /** Metrics that count nothing (a transport without meters, tests). */
    public static final TransportMetrics NONE = new TransportMetrics(Meters.NONE, name -> false);
    /** The {@code kind} of a connection that closed before its handshake completed. */
    public static final String HANDSHAKE = "handshake";
    /** The {@code command} tag of a name no plugin registered. */
    public static final String OTHER = "other";

    private final Meters meters;
    private final Predicate<String> known;
    private final Meters.Counter connectionsOpened;
    private final Meters.Counter streamsOpened;
    private final AtomicLong openConnections = new AtomicLong();
    private final AtomicLong openStreams = new AtomicLong();
    private final Map<String, Meters.Timer> commands = new ConcurrentHashMap<>();
    private final Map<String, Meters.Counter> bytesIn = new ConcurrentHashMap<>();
    private final Map<String, Meters.Counter> bytesOut = new ConcurrentHashMap<>();
    private final Map<String, Meters.Counter> errors = new ConcurrentHashMap<>();

    /**
     * @param meters where to count (the transport context's)
     * @param router which command names are real, for the {@code command} tag
     */
    public TransportMetrics(Meters meters, Router router) {
        this(meters, name -> served(router, name));
    }

    private TransportMetrics(Meters meters, Predicate<String> known) {
        this.meters = Objects.requireNonNull(meters, "meters");
        this.known = known;
        connectionsOpened = meters.counter("connections.opened", "connections whose handshake completed");
        meters.gauge("connections.open", "connections open now", openConnections::get);
        streamsOpened = meters.counter("streams.opened", "bidirectional streams the peers opened (stream 0 included)");
        meters.gauge("streams.open", "peer streams open now", openStreams::get);
        error(HANDSHAKE, 0);
        for (AbuseLog.Cause cause : AbuseLog.Cause.values()) {
            error(kind(cause), 0);
        }
    }

    /** Whether anything is counted (else callers may skip gathering entries). */
    public boolean active() {
        return meters != Meters.NONE;
    }

    /** A connection completed its handshake and was admitted. */
    public void connectionOpened() {
        connectionsOpened.increment();
        openConnections.incrementAndGet();
    }

    /** An admitted connection closed. */
    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    /** Connections open now. */
    public long openConnections() {
        return openConnections.get();
    }

    /** The peer opened a bidirectional stream. */
    public void streamOpened() {
        streamsOpened.increment();
        openStreams.incrementAndGet();
    }

    /** A stream {@link #streamOpened opened} is gone. */
    public void streamClosed() {
        openStreams.decrementAndGet();
    }

    /** A transport error of {@code kind} ({@link #HANDSHAKE}, or a limit's {@link AbuseLog.Cause}). */
    public void error(String kind) {
        error(kind, 1);
    }

    void error(AbuseLog.Cause cause) {
        error(kind(cause), 1);
    }

    private void error(String kind, long amount) {
        errors.computeIfAbsent(kind, name -> meters.counter("transport.errors",
                "connections and streams the transport failed or cut off", "kind", name)).increment(amount);
    }

    /** One operation ended: the same entry as its access line. */
    public void operation(AccessLog.Entry entry) {
        if (!active()) {
            return;
        }
        String command = entry.command() != null && known.test(entry.command()) ? entry.command() : OTHER;
        String result = entry.result() == AccessLog.OK ? "ok" : Integer.toString(entry.result());
        commands.computeIfAbsent(command + ' ' + result, key -> meters.timer("commands",
                "stream commands and stream-0 requests, by name and result", "command", command, "result", result))
                .record(entry.nanos());
        if (entry.bytesIn() > 0) {
            bytesIn.computeIfAbsent(command, name -> meters.counter("bytes.in", "body bytes received",
                    "command", name)).increment(entry.bytesIn());
        }
        if (entry.bytesOut() > 0) {
            bytesOut.computeIfAbsent(command, name -> meters.counter("bytes.out", "body bytes sent",
                    "command", name)).increment(entry.bytesOut());
        }
    }

    /** Whether a plugin serves {@code name}; a router that fails (it already failed the command) says no. */
    private static boolean served(Router router, String name) {
        try {
            return router.streamCommand(name).isPresent() || router.requestEndpoint(name).isPresent();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static String kind(AbuseLog.Cause cause) {
        return cause.name().toLowerCase(Locale.ROOT);
    }
}

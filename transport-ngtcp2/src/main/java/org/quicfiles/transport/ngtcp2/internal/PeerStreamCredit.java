package org.quicfiles.transport.ngtcp2.internal;

/**
 * When a connection gives its peer's closed streams back (MAX_STREAMS; ngtcp2 0.12 never does it
 * by itself). One frame per closed stream cost a packet of its own and the peer's ACK of it for
 * every small request (decision note 0188); closed streams are given back in batches instead, as
 * quiche does: whenever the peer has less than half its allowance left to open, everything closed
 * so far is given back. A peer can therefore always open at least half its allowance at once, and
 * up to {@code allowance} streams open together one round trip later (the opens that use up its
 * credit are what give the rest back). Client-initiated bidirectional streams only; loop only.
 */
final class PeerStreamCredit {
    private final long allowance;
    /** Streams the peer may open in all (its cumulative limit, as advertised so far). */
    private long limit;
    /** Streams the peer opened in all: one more than the highest stream number it used. */
    private long opened;
    /** Streams closed and not yet given back. */
    private long closed;

    /** @param allowance the streams the peer may have open at once ({@code initial_max_streams_bidi}) */
    PeerStreamCredit(long allowance) {
        this.allowance = allowance;
        this.limit = allowance;
    }

    /** The peer opened stream {@code streamId} (or its data arrived first); returns the streams to give back now. */
    long opened(long streamId) {
        opened = Math.max(opened, streamId / 4 + 1);
        return due();
    }

    /**
     * The peer's stream {@code streamId} closed (it was opened, even if no data of it ever arrived);
     * returns the streams to give back now (0: none yet).
     */
    long closed(long streamId) {
        opened = Math.max(opened, streamId / 4 + 1);
        closed++;
        return due();
    }

    private long due() {
        if (closed == 0 || limit - opened >= (allowance + 1) / 2) {
            return 0;
        }
        long given = closed;
        limit += given;
        closed = 0;
        return given;
    }
}

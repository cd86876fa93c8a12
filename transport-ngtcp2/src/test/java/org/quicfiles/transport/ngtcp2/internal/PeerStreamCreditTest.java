package org.quicfiles.transport.ngtcp2.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PeerStreamCreditTest {
    /** The peer's side: what it may open, as the frames it received tell it. */
    private static final class Peer {
        final long allowance;
        final PeerStreamCredit credit;
        final List<Long> open = new ArrayList<>();
        long limit;
        long next;
        int frames;

        Peer(long allowance) {
            this.allowance = allowance;
            this.credit = new PeerStreamCredit(allowance);
            this.limit = allowance;
        }

        boolean mayOpen() {
            return next < limit;
        }

        void open() {
            long id = next++ * 4;
            open.add(id);
            receive(credit.opened(id));
        }

        void close(int index) {
            receive(credit.closed(open.remove(index)));
        }

        private void receive(long given) {
            if (given > 0) {
                limit += given;
                frames++;
            }
        }
    }

    @Test
    void onePeerStreamAtATimeGetsOneFramePerHalfAllowance() {
        Peer peer = new Peer(32);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(peer.mayOpen(), "stream " + i);
            peer.open();
            peer.close(0);
        }
        // one per stream before (1,000); now one each time half the allowance was used
        assertTrue(peer.frames > 0 && peer.frames <= 1_000 / 16, peer.frames + " MAX_STREAMS frames");
    }

    @Test
    void aPeerIsNeverKeptBelowItsAllowance() {
        for (long allowance : new long[] {1, 2, 3, 4, 5, 32}) {
            SplittableRandom random = new SplittableRandom(allowance);
            Peer peer = new Peer(allowance);
            for (int step = 0; step < 20_000; step++) {
                if (peer.open.size() < allowance) {
                    assertTrue(peer.mayOpen(), "allowance " + allowance + ", step " + step + ": "
                            + peer.open.size() + " open and no credit for another");
                }
                if (peer.open.isEmpty() || peer.mayOpen() && random.nextBoolean()) {
                    peer.open();
                } else {
                    peer.close(random.nextInt(peer.open.size()));
                }
            }
        }
    }

    @Test
    void aStreamThatClosesWithoutDataCountsAsOpened() {
        PeerStreamCredit credit = new PeerStreamCredit(4);
        long given = 0;
        // streams 0..3 reset by the peer before any data: the server never saw them open
        for (long id = 0; id < 16; id += 4) {
            given += credit.closed(id);
        }
        // the peer used its whole allowance: counted as opened by their ids, the closes give it credit
        // again (at least half its allowance), instead of leaving it with none and nothing to wait for
        assertTrue(given >= 2, given + " streams given back");
    }
}

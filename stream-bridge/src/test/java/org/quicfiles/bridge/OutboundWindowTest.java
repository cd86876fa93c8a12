package org.quicfiles.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The outbound window alone: room while in flight stays under the limit and the stream is writable. */
class OutboundWindowTest {
    @Test
    void aChunkWaitsUntilEnoughInFlightIsDone() {
        OutboundWindow window = new OutboundWindow(100);
        assertTrue(window.hasRoom(100));
        window.taken(60);
        assertTrue(window.hasRoom(40));
        assertFalse(window.hasRoom(41));
        window.done(20);
        assertTrue(window.hasRoom(60));
        assertEquals(40, window.inFlight());
    }

    @Test
    void anUnwritableStreamHasNoRoom() {
        OutboundWindow window = new OutboundWindow(OutboundWindow.MAX_IN_FLIGHT);
        window.writable(false);
        assertFalse(window.hasRoom(1));
        window.writable(true);
        assertTrue(window.hasRoom(1));
    }

    @Test
    void theLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new OutboundWindow(0));
    }
}

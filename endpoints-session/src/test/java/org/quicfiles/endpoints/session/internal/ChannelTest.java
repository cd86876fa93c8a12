package org.quicfiles.endpoints.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChannelTest {
    private static Release release(String tag, boolean marked) {
        return new Release(tag, ReleaseVersion.parse(tag).orElseThrow(), marked, "", "", List.of());
    }

    @Test
    void mapsTagsAndMarksToChannels() {
        assertEquals(Channel.STABLE, Channel.of(release("1.0.0", false)));
        assertEquals(Channel.PRERELEASE, Channel.of(release("1.0.0", true)));
        assertEquals(Channel.PRERELEASE, Channel.of(release("1.0.0-beta.1", true)));
        assertEquals(Channel.PRERELEASE, Channel.of(release("1.0.0-beta.1", false)));
        assertEquals(Channel.ALPHA, Channel.of(release("1.0.0-alpha.1", false)));
        assertEquals(Channel.ALPHA, Channel.of(release("1.0.0-alpha.1", true)));
    }

    @Test
    void channelsAreCumulative() {
        Release stable = release("1.0.0", false);
        Release beta = release("1.1.0-beta.1", true);
        Release alpha = release("1.1.0-alpha.5", true);
        assertTrue(Channel.ALPHA.offers(stable) && Channel.ALPHA.offers(beta) && Channel.ALPHA.offers(alpha));
        assertTrue(Channel.PRERELEASE.offers(stable) && Channel.PRERELEASE.offers(beta));
        assertFalse(Channel.PRERELEASE.offers(alpha));
        assertFalse(Channel.STABLE.offers(beta));
        assertEquals(Optional.of(beta), Channel.ALPHA.newest(List.of(stable, alpha, beta)), "beta.1 > alpha.5");
        assertEquals(Optional.of(stable), Channel.STABLE.newest(List.of(alpha, beta, stable)));
    }

    @Test
    void namesOnTheWire() {
        assertEquals(Optional.of(Channel.PRERELEASE), Channel.named("prerelease"));
        assertEquals(Optional.empty(), Channel.named("STABLE"));
        assertEquals(Optional.empty(), Channel.named("beta"));
    }
}

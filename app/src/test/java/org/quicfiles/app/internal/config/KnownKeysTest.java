package org.quicfiles.app.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KnownKeysTest {
    private final KnownKeys known = new KnownKeys()
            .addAll("transport", Set.of("idle-timeout", "max-streams"), "transport quic")
            .addAll("files", Set.of("max-size", "max-ttl"), "plugin files");

    private String refusal(String key, String origin) {
        return assertThrows(ConfigException.class, () -> known.check(List.of(key), Map.of(key, origin))).getMessage();
    }

    @Test
    void declaredAndServerKeysPass() throws ConfigException {
        known.check(List.of("files.max-size", "transport.idle-timeout", "server.data-dir", "transport.port",
                "storage.provider", "server.skip-broken-plugins"), Map.of());
    }

    @Test
    void aMisspeltKeyNamesItsOriginAndTheNearestKnownKey() {
        assertEquals("unknown configuration key files.max-sise (-D/--set); did you mean files.max-size?",
                refusal("files.max-sise", "-D/--set"));
        assertEquals("unknown configuration key transport.idle-timout (q.conf:4); did you mean transport.idle-timeout?",
                refusal("transport.idle-timout", "q.conf:4"));
    }

    @Test
    void aMisspeltSectionSaysNothingReadsItAndSuggests() {
        assertEquals("unknown configuration key fils.max-size (q.conf:1): nothing reads section 'fils'"
                + " (no plugin of that name is loaded); did you mean files.max-size?", refusal("fils.max-size", "q.conf:1"));
    }

    @Test
    void anEnvironmentVariableGetsTheVariableToUseInstead() {
        assertEquals("unknown configuration key files.maxsize (environment variable QUICFILES_FILES_MAXSIZE);"
                        + " did you mean files.max-size (QUICFILES_FILES_MAX_SIZE)?",
                refusal("files.maxsize", "environment variable QUICFILES_FILES_MAXSIZE"));
    }

    @Test
    void aSectionWhoseOwnerIsAbsentIsStillReported() {
        assertEquals("unknown configuration key session.enabled (q.conf:2): nothing reads section 'session'"
                + " (no plugin of that name is loaded)", refusal("session.enabled", "q.conf:2"));
    }

    @Test
    void distanceCountsSwapsAsOneEdit() {
        assertEquals(1, KnownKeys.distance("max-szie", "max-size"));
        assertEquals(1, KnownKeys.distance("max-sise", "max-size"));
        assertEquals(3, KnownKeys.distance("abc", ""));
    }
}

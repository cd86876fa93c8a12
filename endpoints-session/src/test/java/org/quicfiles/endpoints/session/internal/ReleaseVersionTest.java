package org.quicfiles.endpoints.session.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ReleaseVersionTest {
    @Test
    void acceptsTheThreeFormsWithOrWithoutV() {
        assertEquals("1.14.2", ReleaseVersion.parse("v1.14.2").orElseThrow().toString());
        assertEquals("1.14.2", ReleaseVersion.parse("1.14.2").orElseThrow().toString());
        assertEquals("1.15.0-alpha.3", ReleaseVersion.parse("v1.15.0-alpha.3").orElseThrow().toString());
        assertEquals("1.15.0-beta.12", ReleaseVersion.parse("1.15.0-beta.12").orElseThrow().toString());
    }

    @Test
    void ignoresEverythingElse() {
        for (String tag : List.of("", "v1.2", "1.2.3.4", "V1.2.3", "vv1.2.3", "1.2.3-rc.1", "1.2.3-beta",
                "1.2.3-alpha.1.2", "nightly-2025-01-01", "1.2.3 ", "1.2.3-beta.x", "1.2.3+build.5")) {
            assertTrue(ReleaseVersion.parse(tag).isEmpty(), tag);
        }
    }

    @Test
    void ordersLikeSemanticVersions() {
        List<String> ascending = List.of("1.9.9", "1.10.0-alpha.1", "1.10.0-alpha.2", "1.10.0-beta.1",
                "1.10.0-beta.10", "1.10.0", "1.10.1", "2.0.0");
        for (int i = 1; i < ascending.size(); i++) {
            ReleaseVersion lower = ReleaseVersion.parse(ascending.get(i - 1)).orElseThrow();
            ReleaseVersion higher = ReleaseVersion.parse(ascending.get(i)).orElseThrow();
            assertTrue(lower.compareTo(higher) < 0, lower + " < " + higher);
        }
    }
}

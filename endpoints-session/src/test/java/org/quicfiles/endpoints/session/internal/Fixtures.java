package org.quicfiles.endpoints.session.internal;

import java.util.List;
import java.util.stream.Collectors;

/** GitHub releases API documents shaped like the real ones (trimmed to the fields that matter). */
final class Fixtures {
    private Fixtures() {
    }

    /** One release object. */
    static String release(String tag, boolean prerelease, String... assetNames) {
        String assets = List.of(assetNames).stream()
                .map(name -> "{\"url\":\"https://api.github.com/repos/x/assets/1\",\"id\":1,\"name\":\"" + name
                        + "\",\"content_type\":\"application/octet-stream\",\"size\":123,"
                        + "\"browser_download_url\":\"https://github.com/session-foundation/releases/download/"
                        + tag + "/" + name + "\"}")
                .collect(Collectors.joining(","));
        return "{\"url\":\"https://api.github.com/repos/session-foundation/x/releases/1\",\"id\":1,"
                + "\"tag_name\":\"" + tag + "\",\"target_commitish\":\"master\",\"name\":\"Session " + tag + "\","
                + "\"draft\":false,\"prerelease\":" + prerelease + ",\"created_at\":\"2025-01-01T00:00:00Z\","
                + "\"published_at\":\"2025-01-01T00:00:00Z\",\"assets\":[" + assets + "],"
                + "\"body\":\"Notes for " + tag + "\"}";
    }

    /** A release list. */
    static String list(String... releases) {
        return "[" + String.join(",", releases) + "]";
    }
}

package org.quicfiles.endpoints.token.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.quicfiles.api.Config;

/**
 * The {@code token.} configuration section.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code source-url}</td><td>none</td><td>an {@code http}, {@code https} or {@code file} URL of
 *       a statistics document; no URL means no feed (statistics come from imports only)</td></tr>
 *   <tr><td>{@code poll-interval}</td><td>{@code 10m}</td><td>time between two fetches of the feed</td></tr>
 *   <tr><td>{@code timeout}</td><td>{@code 10s}</td><td>connect and response timeout of a fetch</td></tr>
 * </table>
 *
 * @param sourceUrl the feed, if any
 * @param pollInterval time between two fetches
 * @param timeout timeout of one fetch
 */
record TokenSettings(Optional<URI> sourceUrl, Duration pollInterval, Duration timeout) {

    /** Checks the fields. */
    TokenSettings {
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("token.poll-interval: must be positive");
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("token.timeout: must be positive");
        }
    }

    /** Every key {@link #from(Config)} reads, relative to {@code token.}; declared by the provider. */
    static final java.util.Set<String> KEYS = java.util.Set.of("source-url", "poll-interval", "timeout");

    /** Reads the plugin's section; throws {@link IllegalArgumentException} naming a bad key. */
    static TokenSettings from(Config config) {
        Optional<URI> source = config.get("source-url").map(String::trim).filter(text -> !text.isEmpty())
                .map(TokenSettings::sourceUrl);
        return new TokenSettings(source, config.getDuration("poll-interval", Duration.ofMinutes(10)),
                config.getDuration("timeout", Duration.ofSeconds(10)));
    }

    private static URI sourceUrl(String text) {
        try {
            URI uri = URI.create(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme();
            if (scheme.equals("http") || scheme.equals("https") || scheme.equals("file")) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new IllegalArgumentException("token.source-url: '" + text + "' is not an http, https or file URL");
    }
}

package org.quicfiles.endpoints.session.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * A release channel a client asks for. Channels are cumulative: each one offers the releases of the
 * more stable channels too, and answers with the newest version it offers (see
 * {@code docs/decisions/0500-endpoints-session-channels.md}).
 *
 * <ul>
 *   <li>a tag {@code X.Y.Z} that GitHub does not mark as pre-release is <b>stable</b>;</li>
 *   <li>a tag {@code X.Y.Z-beta.N}, or {@code X.Y.Z} marked as pre-release, is <b>prerelease</b>;</li>
 *   <li>a tag {@code X.Y.Z-alpha.N} is <b>alpha</b>, whatever GitHub's mark.</li>
 * </ul>
 */
enum Channel {
    /** Final releases only. The default. */
    STABLE,
    /** Stable plus betas and releases marked as pre-release. */
    PRERELEASE,
    /** Everything, alphas included. */
    ALPHA;

    /** The channel a client names, e.g. {@code "prerelease"}; empty for an unknown name. */
    static Optional<Channel> named(String name) {
        for (Channel channel : values()) {
            if (channel.wireName().equals(name)) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }

    /** The name on the wire. */
    String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The most stable channel that offers {@code release}. */
    static Channel of(Release release) {
        return switch (release.version().stage()) {
            case ALPHA -> ALPHA;
            case BETA -> PRERELEASE;
            case FINAL -> release.markedPrerelease() ? PRERELEASE : STABLE;
        };
    }

    /** Whether this channel offers {@code release}. */
    boolean offers(Release release) {
        return of(release).ordinal() <= ordinal();
    }

    /** The newest release this channel offers among {@code releases}. */
    Optional<Release> newest(Collection<Release> releases) {
        return releases.stream().filter(this::offers).max(Comparator.comparing(Release::version));
    }
}

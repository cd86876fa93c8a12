package org.quicfiles.endpoints.session.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;
import org.quicfiles.api.endpoint.Request;
import org.quicfiles.api.endpoint.RequestEndpoint;

/**
 * {@code session_version}: the newest release of a platform on a channel, answered from the
 * database only (never waiting for GitHub).
 *
 * <p>Body: {@code platform} (required) and {@code release_channel} (optional, {@code stable} by
 * default). Reply: {@code result}, {@code updated}, {@code name}, {@code notes}, {@code assets}
 * ({@code [{name, url}]}) and, on the stable channel when a newer pre-release exists,
 * {@code prerelease} with the same fields.
 */
final class SessionVersionEndpoint implements RequestEndpoint {
    private final SessionSettings settings;
    private final ReleaseStore store;

    SessionVersionEndpoint(SessionSettings settings, ReleaseStore store) {
        this.settings = settings;
        this.store = store;
    }

    @Override
    public Map<String, ?> handle(Request request) throws Exception {
        String platform = request.string("platform")
                .orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "no 'platform'"));
        Channel channel = request.string("release_channel").map(name -> Channel.named(name)
                .orElseThrow(() -> new QuicFilesException(ErrorCode.BAD_REQUEST, "unknown release_channel")))
                .orElse(Channel.STABLE);
        if (!settings.projects().containsKey(platform)) {
            throw new QuicFilesException(ErrorCode.NOT_FOUND, "unknown platform");
        }
        ReleaseStore.Snapshot snapshot = store.snapshot(settings.source(platform))
                .orElseThrow(() -> unavailable(platform));
        Release answer = channel.newest(snapshot.releases()).orElseThrow(() -> unavailable(platform));
        Map<String, Object> reply = fields(answer, snapshot.updated());
        if (channel == Channel.STABLE) {
            Optional<Release> prerelease = Channel.PRERELEASE.newest(snapshot.releases())
                    .filter(candidate -> candidate.version().compareTo(answer.version()) > 0);
            prerelease.ifPresent(newer -> reply.put("prerelease", fields(newer, snapshot.updated())));
        }
        return reply;
    }

    private static Map<String, Object> fields(Release release, long updated) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("result", release.version().toString());
        fields.put("updated", updated);
        fields.put("name", release.name());
        fields.put("notes", release.notes());
        List<Map<String, Object>> assets = release.assets().stream()
                .map(SessionVersionEndpoint::asset)
                .toList();
        fields.put("assets", assets);
        return fields;
    }

    private static Map<String, Object> asset(Release.Asset asset) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("name", asset.name());
        fields.put("url", asset.url());
        return fields;
    }

    private static QuicFilesException unavailable(String platform) {
        return new QuicFilesException(ErrorCode.UNAVAILABLE, "no release of " + platform + " known yet");
    }
}

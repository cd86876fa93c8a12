package org.quicfiles.endpoints.session.internal;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.quicfiles.api.Config;

/**
 * The {@code session.} configuration section.
 *
 * <table>
 *   <caption>keys</caption>
 *   <tr><th>key</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code enabled}</td><td>{@code true}</td><td>poll at all (the endpoint answers either way)</td></tr>
 *   <tr><td>{@code base-url}</td><td>{@code https://api.github.com}</td><td>the GitHub API</td></tr>
 *   <tr><td>{@code owner}</td><td>{@code session-foundation}</td><td>the repositories' owner</td></tr>
 *   <tr><td>{@code projects}</td><td>{@code desktop=session-desktop,android=session-android,ios=session-ios}</td>
 *       <td>platform = repository, comma separated; the platforms clients may ask for</td></tr>
 *   <tr><td>{@code poll-interval}</td><td>{@code 30m}</td><td>the least time between two polls of one project</td></tr>
 *   <tr><td>{@code timeout}</td><td>{@code 10s}</td><td>connect and response timeout of one request</td></tr>
 *   <tr><td>{@code retries}</td><td>{@code 2}</td><td>extra attempts of a request that failed for a transient reason</td></tr>
 *   <tr><td>{@code retry-backoff}</td><td>{@code 2s}</td><td>wait before the first retry; doubles for each next one</td></tr>
 * </table>
 *
 * @param enabled whether the poller runs
 * @param baseUrl the API base, without a trailing slash
 * @param owner the repositories' owner
 * @param projects repository name by platform, in configured order
 * @param pollInterval least time between two polls of one project
 * @param timeout timeout of one request
 * @param retries extra attempts after a transient failure
 * @param retryBackoff the first wait between attempts
 */
record SessionSettings(boolean enabled, URI baseUrl, String owner, Map<String, String> projects,
                       Duration pollInterval, Duration timeout, int retries, Duration retryBackoff) {

    static final String DEFAULT_PROJECTS = "desktop=session-desktop,android=session-android,ios=session-ios";

    /** Checks and copies. */
    SessionSettings {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(owner, "owner");
        projects = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(projects));
        requirePositive("poll-interval", pollInterval);
        requirePositive("timeout", timeout);
        if (retries < 0) {
            throw new IllegalArgumentException("session.retries: must not be negative");
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("session.retry-backoff: must not be negative");
        }
        if (projects.isEmpty()) {
            throw new IllegalArgumentException("session.projects: names no project");
        }
    }

    /** Every key {@link #from(Config)} reads, relative to {@code session.}; declared by the provider. */
    static final java.util.Set<String> KEYS = java.util.Set.of("enabled", "base-url", "owner", "projects",
            "poll-interval", "timeout", "retries", "retry-backoff");

    /** Reads the plugin's section; throws {@link IllegalArgumentException} naming a bad key. */
    static SessionSettings from(Config config) {
        String base = config.get("base-url", "https://api.github.com").trim();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI baseUrl;
        try {
            baseUrl = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("session.base-url: '" + base + "' is not a URL");
        }
        if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
            throw new IllegalArgumentException("session.base-url: '" + base + "' is not an http(s) URL");
        }
        return new SessionSettings(
                config.getBoolean("enabled", true),
                baseUrl,
                checkName("session.owner", config.get("owner", "session-foundation").trim()),
                parseProjects(config.get("projects", DEFAULT_PROJECTS)),
                config.getDuration("poll-interval", Duration.ofMinutes(30)),
                config.getDuration("timeout", Duration.ofSeconds(10)),
                config.getInt("retries", 2),
                config.getDuration("retry-backoff", Duration.ofSeconds(2)));
    }

    /** The source key a project's rows are stored under: {@code owner/repository}. */
    String source(String platform) {
        return owner + "/" + projects.get(platform);
    }

    private static Map<String, String> parseProjects(String text) {
        Map<String, String> projects = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String platform = eq < 0 ? "" : pair.substring(0, eq).trim();
            String project = eq < 0 ? "" : pair.substring(eq + 1).trim();
            if (platform.isEmpty() || project.isEmpty() || !project.matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("session.projects: '" + pair.trim()
                        + "' is not platform=repository");
            }
            projects.put(platform, project);
        }
        return projects;
    }

    private static String checkName(String key, String name) {
        if (!name.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException(key + ": '" + name + "' is not a GitHub name");
        }
        return name;
    }

    private static void requirePositive(String key, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("session." + key + ": must be positive");
        }
    }
}

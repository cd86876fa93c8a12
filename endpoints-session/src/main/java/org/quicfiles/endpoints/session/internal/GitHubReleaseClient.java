package org.quicfiles.endpoints.session.internal;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches one repository's releases from the GitHub releases API: {@code releases/latest} (the
 * newest release GitHub calls stable, which may be older than the last few) and
 * {@code releases?per_page=3} (the newest few, pre-releases included). Each request has a timeout
 * and is retried with a doubling backoff when it failed for a transient reason.
 */
final class GitHubReleaseClient implements AutoCloseable {
    /** A larger answer is refused: three releases with notes are a few tens of KiB. */
    private static final int MAX_BODY_BYTES = 8 << 20;

    private final SessionSettings settings;
    private final GitHubReleaseParser parser;
    private final ObjectMapper json = new ObjectMapper();
    /** Built by the first poll, not with the plugin: its TLS set-up is slow and not needed for the server to be ready. */
    private HttpClient http;
    private boolean closed;

    GitHubReleaseClient(SessionSettings settings, GitHubReleaseParser parser) {
        this.settings = settings;
        this.parser = parser;
    }

    /**
     * The HTTP client, built on first use: building one sets up the JDK's default TLS context
     * (trust store, and every installed security provider, BouncyCastle's included), which took
     * most of the server's start-up time when it was built with the plugin (decision note 0415).
     */
    private synchronized HttpClient http() throws PollException {
        if (closed) {
            throw new PollException("the session plugin is stopping", false);
        }
        if (http == null) {
            http = HttpClient.newBuilder()
                    .connectTimeout(settings.timeout())
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .version(HttpClient.Version.HTTP_1_1)
                    .build();
        }
        return http;
    }

    /**
     * The releases of {@code owner/repository} we keep: the latest stable one and the newest few,
     * once each, by tag.
     *
     * @throws PollException if either request failed after its retries, or sent unexpected JSON
     * @throws InterruptedException if the plugin is stopping
     */
    List<Release> fetch(String repository) throws PollException, InterruptedException {
        String base = settings.baseUrl() + "/repos/" + settings.owner() + "/" + repository + "/releases";
        Map<String, Release> byTag = new LinkedHashMap<>();
        Optional<JsonNode> latest = get(URI.create(base + "/latest"), true);
        if (latest.isPresent()) {
            parser.parseOne(latest.get()).ifPresent(release -> byTag.put(release.tag(), release));
        }
        JsonNode recent = get(URI.create(base + "?per_page=3"), false).orElseThrow();
        for (Release release : parser.parseList(recent)) {
            byTag.putIfAbsent(release.tag(), release);
        }
        return List.copyOf(byTag.values());
    }

    /** GETs a JSON document; empty only when {@code notFoundIsEmpty} and the answer is 404. */
    private Optional<JsonNode> get(URI uri, boolean notFoundIsEmpty) throws PollException, InterruptedException {
        Duration wait = settings.retryBackoff();
        for (int attempt = 0; ; attempt++) {
            try {
                return once(uri, notFoundIsEmpty);
            } catch (PollException e) {
                if (!e.isTransient() || attempt >= settings.retries()) {
                    String tries = attempt == 0 ? "" : " (after " + (attempt + 1) + " attempts)";
                    throw new PollException(e.getMessage() + tries, e.isTransient());
                }
            }
            Thread.sleep(wait);
            wait = wait.multipliedBy(2);
        }
    }

    private Optional<JsonNode> once(URI uri, boolean notFoundIsEmpty) throws PollException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(settings.timeout())
                .header("Accept", "application/vnd.github+json")
                .header("User-Agent", "quicfiles-session-version")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange =
                http().sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        HttpResponse<byte[]> response;
        try {
            // The request timeout covers the head only; this bounds the body too.
            response = exchange.get(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new PollException(uri + " timed out", true);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String what = cause instanceof java.net.http.HttpTimeoutException ? "timed out"
                    : "failed: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : " " + cause.getMessage());
            throw new PollException(uri + " " + what, true);
        }
        int status = response.statusCode();
        if (status == 404 && notFoundIsEmpty) {
            return Optional.empty();
        }
        if (status != 200) {
            boolean transientStatus = status >= 500 || status == 429;
            throw new PollException("HTTP " + status + " from " + uri, transientStatus);
        }
        if (response.body().length > MAX_BODY_BYTES) {
            throw new PollException(uri + " answered more than " + MAX_BODY_BYTES + " bytes", false);
        }
        try {
            JsonNode document = json.readTree(response.body());
            if (document == null || document.isMissingNode()) {
                throw new PollException("empty answer from " + uri, false);
            }
            return Optional.of(document);
        } catch (JacksonException e) {
            throw new PollException("malformed JSON from " + uri, false);
        } catch (IOException e) {
            throw new PollException(uri + " failed: " + e.getMessage(), true);
        }
    }

    /** Stops the HTTP client and abandons requests in flight. */
    @Override
    public synchronized void close() {
        closed = true;
        if (http != null) {
            http.shutdownNow();
        }
    }
}

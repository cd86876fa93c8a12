package org.quicfiles.endpoints.token.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches the configured statistics document on a schedule and loads it. A fetch that fails or a
 * document that is malformed is logged in one line and leaves the previous statistics as they were.
 * The shared scheduler only starts a virtual thread per fetch; a fetch is skipped while the previous
 * one still runs.
 */
final class StatisticsFeed implements AutoCloseable {
    private static final java.time.Duration CLOSE_WAIT = java.time.Duration.ofSeconds(5);

    private final URI source;
    private final TokenSettings settings;
    private final TokenImporter importer;
    private final System.Logger logger;
    private final HttpClient http;
    private final AtomicReference<Thread> running = new AtomicReference<>();
    private volatile ScheduledFuture<?> future;
    private volatile boolean closed;

    StatisticsFeed(URI source, TokenSettings settings, TokenImporter importer, System.Logger logger) {
        this.source = source;
        this.settings = settings;
        this.importer = importer;
        this.logger = logger;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Fetches now, then every poll interval. */
    void start(ScheduledExecutorService scheduler) {
        future = scheduler.scheduleWithFixedDelay(this::kick, 0, settings.pollInterval().toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /**
     * Fetches and loads the document once.
     *
     * @return whether new statistics were loaded
     * @throws InterruptedException if the plugin is stopping
     */
    boolean tick() throws InterruptedException {
        try {
            TokenStatistics loaded = importer.load(fetch());
            logger.log(Level.DEBUG, "token: loaded " + loaded.history().size() + " samples from " + source);
            return true;
        } catch (FetchException | InvalidStatisticsException e) {
            logger.log(Level.WARNING, "token: feed " + source + " not loaded, keeping what was known: "
                    + e.getMessage());
        } catch (SQLException e) {
            logger.log(Level.WARNING, "token: feed " + source + " not stored: " + e.getMessage());
        }
        return false;
    }

    private byte[] fetch() throws FetchException, InterruptedException {
        if (source.getScheme().equals("file")) {
            try {
                Path file = Path.of(source);
                if (Files.size(file) > TokenImporter.MAX_DOCUMENT_BYTES) {
                    throw new FetchException("larger than " + TokenImporter.MAX_DOCUMENT_BYTES + " bytes");
                }
                return Files.readAllBytes(file);
            } catch (IOException | IllegalArgumentException e) {
                throw new FetchException("cannot read: " + e);
            }
        }
        HttpRequest request = HttpRequest.newBuilder(source)
                .timeout(settings.timeout())
                .header("Accept", "application/json")
                .header("User-Agent", "quicfiles-token-info")
                .GET()
                .build();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        try {
            HttpResponse<byte[]> response = exchange.get(settings.timeout().toMillis() * 2, TimeUnit.MILLISECONDS);
            if (response.statusCode() != 200) {
                throw new FetchException("HTTP " + response.statusCode());
            }
            return response.body();
        } catch (TimeoutException e) {
            exchange.cancel(true);
            throw new FetchException("timed out");
        } catch (InterruptedException e) {
            exchange.cancel(true);
            throw e;
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw new FetchException(cause instanceof java.net.http.HttpTimeoutException ? "timed out"
                    : "failed: " + cause.getClass().getSimpleName() + " " + cause.getMessage());
        }
    }

    private void kick() {
        if (closed || running.get() != null) {
            return;
        }
        Thread thread = Thread.ofVirtual().name("token-feed").unstarted(() -> {
            try {
                tick();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                running.set(null);
            }
        });
        if (running.compareAndSet(null, thread)) {
            thread.start();
        }
    }

    /**
     * Stops fetching, abandons a fetch in progress and waits briefly for it, so that it does not
     * write to a database the server is about to close.
     */
    @Override
    public void close() {
        closed = true;
        ScheduledFuture<?> scheduled = future;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        Thread thread = running.get();
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(CLOSE_WAIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.shutdownNow();
    }

    /** The document could not be fetched. */
    private static final class FetchException extends Exception {
        private static final long serialVersionUID = 1L;

        FetchException(String message) {
            super(message.replaceAll("\\s+", " ").strip(), null, false, false);
        }
    }
}

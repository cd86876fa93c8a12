package org.quicfiles.endpoints.session.internal;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP server answering like the GitHub releases API: a canned answer per request path
 * (path and query), a count of requests per path, and answers that hang until {@link #close()}.
 */
final class FakeGitHub implements AutoCloseable {
    /** An answer: a status and a body, or a hang. */
    record Answer(int status, String body, boolean hangs) {
        static Answer ok(String json) {
            return new Answer(200, json, false);
        }

        static Answer status(int status) {
            return new Answer(status, "{\"message\":\"error\"}", false);
        }

        static Answer hang() {
            return new Answer(0, "", true);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final AtomicInteger total = new AtomicInteger();
    private final CountDownLatch released = new CountDownLatch(1);
    private volatile CountDownLatch firstRequest = new CountDownLatch(1);

    FakeGitHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    /** The base URL to configure as {@code session.base-url}. */
    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Sets the answers for one repository's {@code releases/latest} and {@code releases?per_page=3}. */
    void releases(String repository, Answer latest, Answer recent) {
        answers.put(latestPath(repository), latest);
        answers.put(recentPath(repository), recent);
    }

    static String latestPath(String repository) {
        return "/repos/session-foundation/" + repository + "/releases/latest";
    }

    static String recentPath(String repository) {
        return "/repos/session-foundation/" + repository + "/releases?per_page=3";
    }

    /** How many requests arrived for a path (with query). */
    int requests(String path) {
        AtomicInteger count = counts.get(path);
        return count == null ? 0 : count.get();
    }

    /** How many requests arrived in all. */
    int totalRequests() {
        return total.get();
    }

    /** Waits until the first request has arrived. */
    void awaitFirstRequest() throws InterruptedException {
        firstRequest.await();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().toString();
            counts.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            total.incrementAndGet();
            firstRequest.countDown();
            Answer answer = answers.getOrDefault(path, Answer.status(404));
            if (answer.hangs()) {
                released.await();
                return;
            }
            byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Releases hanging answers and stops the server. */
    @Override
    public void close() {
        released.countDown();
        server.stop(0);
        executor.shutdownNow();
    }
}

package org.quicfiles.app.internal.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The admin HTTP listener ({@code server.admin}, loopback only): {@code GET /metrics} (Prometheus
 * text), {@code GET /health/live} (200 while the process answers) and {@code GET /health/ready}
 * (200 once the transport is up and the store writable, else 503 with the reason). Each request
 * runs on its own virtual thread; anything else is 404, a method other than GET or HEAD 405.
 */
public final class AdminServer implements AutoCloseable {
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    private AdminServer(HttpServer http) {
        this.http = http;
    }

    /**
     * Binds {@code address} and starts serving.
     *
     * @throws IOException if it cannot bind
     */
    public static AdminServer start(InetSocketAddress address, ServerMetrics metrics, Readiness readiness)
            throws IOException {
        HttpServer http = HttpServer.create(address, 16);
        AdminServer admin = new AdminServer(http);
        http.setExecutor(admin.threads);
        http.createContext("/metrics", exchange -> respond(exchange, "/metrics", 200, PROMETHEUS, metrics::scrape));
        http.createContext("/health/live", exchange -> respond(exchange, "/health/live", 200, TEXT, () -> "live\n"));
        http.createContext("/health/ready", exchange -> {
            Optional<String> why = readiness.notReadyBecause();
            respond(exchange, "/health/ready", why.isEmpty() ? 200 : 503, TEXT,
                    () -> why.map(reason -> "not ready: " + reason + "\n").orElse("ready\n"));
        });
        http.createContext("/", exchange -> respond(exchange, null, 404, TEXT, () -> "not found\n"));
        http.start();
        return admin;
    }

    /** The bound address (the real port when 0 was asked for). */
    public InetSocketAddress address() {
        return http.getAddress();
    }

    private static void respond(HttpExchange exchange, String path, int status, String type,
                                java.util.function.Supplier<String> body) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (path != null && !exchange.getRequestURI().getPath().equals(path)) {
                status = 404;
                body = () -> "not found\n";
                type = TEXT;
            } else if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                status = 405;
                body = () -> "method not allowed\n";
                type = TEXT;
            }
            byte[] bytes = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", type);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = method.equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }
}

package org.quicfiles.load.targets;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.quicfiles.load.payload.DownloadSink;
import org.quicfiles.load.server.NginxServer;

/**
 * An HTTPS file server (nginx with WebDAV PUT) driven by {@code java.net.http} over HTTP/1.1 and
 * TLS 1.3. HTTP/1.1 has no multiplexing: each concurrent operation of a connection uses its own
 * TCP+TLS connection from the client's pool. Trusts any certificate: loopback only.
 */
final class HttpsTarget implements Target {
    private static final AtomicLong NAMES = new AtomicLong();

    private final URI base;
    private final Duration timeout;
    private final AutoCloseable server;

    /** @param server what to stop on {@link #close()}, or {@code null} */
    HttpsTarget(URI base, Duration timeout, AutoCloseable server) {
        this.base = base;
        this.timeout = timeout;
        this.server = server;
    }

    @Override
    public String name() {
        return "nginx-https";
    }

    @Override
    public Connection connect() throws IOException {
        SSLParameters parameters = new SSLParameters();
        parameters.setProtocols(new String[] {"TLSv1.3"});
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .sslContext(trustAll())
                .sslParameters(parameters)
                .connectTimeout(timeout)
                .build();
        return new HttpsConnection(client);
    }

    @Override
    public OptionalLong peakRssBytes() {
        return server instanceof NginxServer nginx ? nginx.peakRssBytes() : OptionalLong.empty();
    }

    @Override
    public void close() {
        if (server != null) {
            try {
                server.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop " + server, e);
            }
        }
    }

    private static SSLContext trustAll() throws IOException {
        // an extended trust manager: the JDK would wrap a plain one and still check the host name
        TrustManager any = new X509ExtendedTrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // loopback benchmark: no client certificates
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // loopback benchmark against our own self-signed nginx
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // as above
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
                // as above
            }

            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // as above
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
                // as above
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        try {
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(null, new TrustManager[] {any}, new SecureRandom());
            return context;
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("no TLS 1.3 here", e);
        }
    }

    private final class HttpsConnection implements Connection {
        private final HttpClient client;

        HttpsConnection(HttpClient client) {
            this.client = client;
        }

        @Override
        public String put(ReadableByteChannel body, long size) throws IOException {
            String name = "f" + NAMES.incrementAndGet() + "-" + size;
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/f/" + name)).timeout(timeout)
                    .PUT(HttpRequest.BodyPublishers.fromPublisher(
                            HttpRequest.BodyPublishers.ofInputStream(() -> Channels.newInputStream(body)), size))
                    .build();
            HttpResponse<Void> response = send(request, HttpResponse.BodyHandlers.discarding());
            requireSuccess(response.statusCode());
            return name;
        }

        @Override
        public void get(String id, DownloadSink sink) throws IOException {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/f/" + id)).timeout(timeout).GET().build();
            HttpResponse<InputStream> response = send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                requireSuccess(response.statusCode());
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    sink.write(ByteBuffer.wrap(buffer, 0, n));
                }
            }
            sink.requireComplete(response.headers().firstValueAsLong("content-length").orElse(-1));
        }

        @Override
        public void info(String id) throws IOException {
            HttpRequest request = HttpRequest.newBuilder(base.resolve("/f/" + id)).timeout(timeout)
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build();
            requireSuccess(send(request, HttpResponse.BodyHandlers.discarding()).statusCode());
        }

        private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException {
            try {
                return client.send(request, handler);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }

        @Override
        public void close() {
            client.close();
        }
    }

    private static void requireSuccess(int status) throws IOException {
        if (status / 100 != 2) {
            throw new HttpStatusException(status);
        }
    }

    /** A non-2xx answer; reported as {@code http <status>}. */
    static final class HttpStatusException extends IOException {
        private static final long serialVersionUID = 1L;
        private final int status;

        HttpStatusException(int status) {
            super("HTTP " + status);
            this.status = status;
        }

        int status() {
            return status;
        }
    }
}

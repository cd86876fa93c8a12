package org.quicfiles.load.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Debian's nginx on 127.0.0.1 with a generated config in a work folder: HTTPS only, TLS 1.3,
 * HTTP/1.1, a self-signed ECDSA P-256 certificate made with {@code openssl}, static GET and WebDAV
 * PUT (temp file then rename) under {@code /f/}, no access log, {@code worker_processes auto}.
 */
public final class NginxServer implements AutoCloseable {
    private final Process master;
    private final URI base;

    private NginxServer(Process master, URI base) {
        this.master = master;
        this.base = base;
    }

    /** Starts nginx ({@code nginx} binary on the PATH or {@code /usr/sbin/nginx}) with files in {@code dir}. */
    public static NginxServer start(Path dir) throws IOException {
        Path root = Files.createDirectories(dir.resolve("root/f"));
        Path temp = Files.createDirectories(dir.resolve("temp"));
        run(List.of("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-subj", "/CN=localhost", "-days", "2", "-keyout", dir.resolve("key.pem").toString(),
                "-out", dir.resolve("cert.pem").toString()));
        int port = freeTcpPort();
        String config = """
                daemon off;
                master_process on;
                worker_processes auto;
                user root;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 4096; }
                http {
                    access_log off;
                    sendfile on;
                    tcp_nopush on;
                    keepalive_requests 1000000;
                    client_max_body_size 64m;
                    client_body_temp_path %2$s;
                    proxy_temp_path %2$s;
                    fastcgi_temp_path %2$s;
                    uwsgi_temp_path %2$s;
                    scgi_temp_path %2$s;
                    server {
                        listen 127.0.0.1:%3$d ssl;
                        ssl_protocols TLSv1.3;
                        ssl_certificate %1$s/cert.pem;
                        ssl_certificate_key %1$s/key.pem;
                        root %4$s;
                        location /f/ {
                            dav_methods PUT;
                            dav_access user:rw;
                        }
                    }
                }
                """.formatted(dir.toAbsolutePath(), temp.toAbsolutePath(), port, root.getParent().toAbsolutePath());
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, config);
        String binary = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        Process master = new ProcessBuilder(binary, "-c", conf.toAbsolutePath().toString(), "-e", dir.resolve("error.log").toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        awaitListening(master, port, dir);
        return new NginxServer(master, URI.create("https://127.0.0.1:" + port + "/"));
    }

    public URI base() {
        return base;
    }

    /** The largest peak RSS (VmHWM) among the master and its workers. */
    public OptionalLong peakRssBytes() {
        long peak = ProcFs.peakRssBytes(master.pid());
        for (ProcessHandle child : master.descendants().toList()) {
            peak = Math.max(peak, ProcFs.peakRssBytes(child.pid()));
        }
        return peak >= 0 ? OptionalLong.of(peak) : OptionalLong.empty();
    }

    @Override
    public void close() {
        master.destroy(); // SIGTERM: fast shutdown of master and workers
        try {
            if (!master.waitFor(20, TimeUnit.SECONDS)) {
                master.descendants().forEach(ProcessHandle::destroyForcibly);
                master.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitListening(Process master, int port, Path dir) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!master.isAlive()) {
                throw new IOException("nginx exited with " + master.exitValue() + ": see " + dir.resolve("nginx.out")
                        + " and " + dir.resolve("error.log"));
            }
            try {
                new Socket(InetAddress.getLoopbackAddress(), port).close();
                return;
            } catch (IOException notYet) {
                try {
                    master.waitFor(50, TimeUnit.MILLISECONDS); // polls a process we do not control
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted", e);
                }
            }
        }
        master.destroyForcibly();
        throw new IOException("nginx did not listen on " + port + " within 20 s");
    }

    private static int freeTcpPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void run(List<String> command) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(command.getFirst() + " failed: " + new String(output, java.nio.charset.StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}

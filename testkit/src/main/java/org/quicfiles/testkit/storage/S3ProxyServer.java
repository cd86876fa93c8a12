package org.quicfiles.testkit.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API server for tests: S3Proxy on its filesystem backend in {@code folder}, started as a
 * separate process on 127.0.0.1 and a free port, from the class path that the
 * {@code quicfiles-testkit-s3proxy} module writes (its file is named by the system property
 * {@value #CLASSPATH_PROPERTY}). Each bucket is a sub-folder of {@code folder/data}.
 */
public final class S3ProxyServer implements AutoCloseable {
    /** The system property naming the file that holds S3Proxy's class path. */
    public static final String CLASSPATH_PROPERTY = "quicfiles.s3proxy.classpath.file";
    /** The credentials the server accepts. */
    public static final String ACCESS_KEY = "quicfiles-test";
    /** The secret key that goes with {@link #ACCESS_KEY}. */
    public static final String SECRET_KEY = "quicfiles-test-secret";

    private final Process process;
    private final URI endpoint;
    private final Path folder;

    private S3ProxyServer(Process process, URI endpoint, Path folder) {
        this.process = process;
        this.endpoint = endpoint;
        this.folder = folder;
    }

    /** Whether the class path file is there, i.e. whether {@link #start} can work (for assumptions). */
    public static boolean isAvailable() {
        String file = System.getProperty(CLASSPATH_PROPERTY);
        return file != null && Files.isRegularFile(Path.of(file));
    }

    /**
     * Starts a server and waits (up to a minute) until it answers HTTP.
     *
     * @param folder a private folder for its data, configuration and log
     */
    public static S3ProxyServer start(Path folder) throws IOException, InterruptedException {
        String file = System.getProperty(CLASSPATH_PROPERTY);
        if (file == null || !Files.isRegularFile(Path.of(file))) {
            throw new IOException("no S3Proxy class path: system property " + CLASSPATH_PROPERTY + " = " + file
                    + " (build the quicfiles-testkit-s3proxy module first)");
        }
        String classPath = Files.readString(Path.of(file)).trim();
        Path data = Files.createDirectories(folder.resolve("data"));
        int port = freePort();
        URI endpoint = URI.create("http://127.0.0.1:" + port);
        Path properties = folder.resolve("s3proxy.properties");
        Files.writeString(properties, String.join("\n",
                "s3proxy.endpoint=" + endpoint,
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem",
                "jclouds.filesystem.basedir=" + data) + "\n");
        Path logback = folder.resolve("logback.xml");
        Files.writeString(logback, """
                <configuration>
                  <appender name="out" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d %level %logger{20} %msg%n</pattern></encoder>
                  </appender>
                  <root level="WARN"><appender-ref ref="out"/></root>
                </configuration>
                """);
        Path log = folder.resolve("s3proxy.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Dlogback.configurationFile=" + logback, "-cp", classPath, "org.gaul.s3proxy.Main",
                "--properties", properties.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3ProxyServer server = new S3ProxyServer(process, endpoint, folder);
        try {
            server.awaitReady(port, log);
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private void awaitReady(int port, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()) {
            while (true) {
                if (!process.isAlive()) {
                    throw new IOException("S3Proxy exited with " + process.exitValue() + ": " + tail(log));
                }
                if (accepts(port)) {
                    try {
                        // any HTTP answer (403 without a signature) means it serves
                        http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5)).build(),
                                HttpResponse.BodyHandlers.discarding());
                        return;
                    } catch (IOException notYet) {
                        // the port is open before the handler is
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException("S3Proxy did not answer on port " + port + " within 60 s: " + tail(log));
                }
                Thread.sleep(50); // polling the port with a deadline, not waiting for a guessed time
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** The server's URL, e.g. {@code http://127.0.0.1:40123}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Creates a bucket (a folder of the filesystem backend); S3's CreateBucket needs a signed request. */
    public void createBucket(String name) {
        try {
            Files.createDirectories(folder.resolve("data").resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The storage settings ({@code storage.} section) for a store on {@code bucket} of this server. */
    public java.util.Map<String, String> storageSettings(String bucket) {
        return java.util.Map.of("s3.endpoint", endpoint.toString(), "s3.region", "us-east-1", "s3.bucket", bucket,
                "s3.access-key", ACCESS_KEY, "s3.secret-key", SECRET_KEY);
    }

    /** Stops the server (and waits for it to exit). */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}

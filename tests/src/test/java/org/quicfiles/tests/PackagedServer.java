package org.quicfiles.tests;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import org.quicfiles.client.ClientOptions;
import org.quicfiles.client.ServerKey;
import org.quicfiles.client.QuicFilesClient;

/**
 * A started {@code bin/quicfiles serve} on 127.0.0.1 with the installation's built-in plugins and a
 * data folder the test owns: where to connect, which key to pin, and the process to stop or kill.
 */
final class PackagedServer implements AutoCloseable {
    private final ServerProcess process;
    private final Path data;
    private final int port;
    private final String key;
    private final String storage;
    private final String transport;

    /**
     * The transport the servers of this run use, from the system property
     * {@value #TRANSPORT_PROPERTY} (empty: the server's own choice). The build runs the transport-
     * neutral end-to-end tests once more with {@code ngtcp2} (execution {@code ngtcp2-suite}).
     */
    static final String TRANSPORT_PROPERTY = "quicfiles.test.transport";

    private PackagedServer(ServerProcess process, Path data, Matcher ready) {
        this.process = process;
        this.data = data;
        this.port = Integer.parseInt(ready.group(2));
        this.key = ready.group(5);
        this.storage = ready.group(4);
        this.transport = ready.group(3);
    }

    /**
     * Starts a server on {@code data} (created if missing) and waits until it is ready.
     *
     * @param extra further {@code serve} flags, e.g. {@code --storage nio}
     * @throws IllegalStateException with the server's stderr if it ended before it was ready
     */
    static PackagedServer start(Path work, Path data, String... extra) throws IOException, InterruptedException {
        return tryStart(work, data, extra).orElseThrow();
    }

    /** Like {@link #start}, but an empty result (with the stderr in {@code why}) when the server exits first. */
    static Optional<PackagedServer> tryStart(Path work, Path data, String... extra) throws IOException, InterruptedException {
        return tryStart(work, data, new StringBuilder(), extra);
    }

    static Optional<PackagedServer> tryStart(Path work, Path data, StringBuilder why, String... extra)
            throws IOException, InterruptedException {
        return tryStart(work, data, java.util.Map.of(), why, extra);
    }

    /** Like {@link #tryStart}, with extra environment variables for the launcher (e.g. {@code QUICFILES_JAVA_OPTS}). */
    static Optional<PackagedServer> tryStart(Path work, Path data, java.util.Map<String, String> environment,
                                             StringBuilder why, List<String> extra) throws IOException, InterruptedException {
        return tryStart(work, data, environment, why, extra.toArray(String[]::new));
    }

    /** Starts with Netty's paranoid leak detector on, so that its {@code LEAK:} reports reach {@link #stderr()}. */
    static PackagedServer startParanoid(Path work, Path data) throws IOException, InterruptedException {
        StringBuilder why = new StringBuilder();
        return tryStart(work, data, java.util.Map.of("QUICFILES_JAVA_OPTS", "-Dio.netty.leakDetection.level=paranoid"), why)
                .orElseThrow(() -> new IllegalStateException(why.toString()));
    }

    private static Optional<PackagedServer> tryStart(Path work, Path data, java.util.Map<String, String> environment,
                                                     StringBuilder why, String... extra)
            throws IOException, InterruptedException {
        Files.createDirectories(data, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rwx------")));
        List<String> args = new ArrayList<>(List.of("--listen", "127.0.0.1:0", "--data", data.toString(),
                "--plugins", Installation.home().resolve("plugins").toString()));
        args.addAll(List.of(extra));
        String transport = System.getProperty(TRANSPORT_PROPERTY, "");
        if (!transport.isEmpty() && !args.contains("--transport")) {
            args.addAll(List.of("--transport", transport));
        }
        ServerProcess process = ServerProcess.serve(work, environment, args.toArray(String[]::new));
        Optional<Matcher> ready = process.awaitReady();
        if (ready.isEmpty()) {
            process.awaitExit();
            why.append(process.stderr());
            process.close();
            return Optional.empty();
        }
        return Optional.of(new PackagedServer(process, data, ready.get()));
    }

    /** A new client connection pinned to this server's key. */
    QuicFilesClient connect() throws IOException {
        return connect(Duration.ofSeconds(60));
    }

    /** A new client connection with this idle timeout. */
    QuicFilesClient connect(Duration timeout) throws IOException {
        return QuicFilesClient.connect(ClientOptions.pinned(new InetSocketAddress("127.0.0.1", port),
                ServerKey.fromHex(key), timeout));
    }

    /** The data folder as the test sees it. */
    DataFolder folder() {
        return new DataFolder(data);
    }

    /** The storage provider named in the ready line. */
    String storage() {
        return storage;
    }

    /** The CLI flags that reach this server with its key pinned. */
    String[] clientFlags() {
        return new String[] {"--server", "127.0.0.1:" + port, "--server-key", key};
    }

    /** The transport's description from the ready line, e.g. {@code quic/epoll+gso} or {@code quic/ngtcp2}. */
    String transport() {
        return transport;
    }

    /** The server's process id. */
    long pid() {
        return process.pid();
    }

    /** Everything the server wrote to stderr so far. */
    String stderr() {
        return process.stderr();
    }

    /** SIGKILL, and waits until the process is gone. */
    void kill() throws InterruptedException {
        process.kill();
    }

    /** SIGTERM, and waits; returns the exit code. */
    int terminate() throws InterruptedException {
        return process.terminate();
    }

    @Override
    public void close() {
        process.close();
    }
}

package org.quicfiles.load.targets;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.quicfiles.client.QuicFilesClientException;
import org.quicfiles.load.server.BareQuicServer;
import org.quicfiles.load.server.ForkedServer;
import org.quicfiles.load.server.NginxServer;
import org.quicfiles.load.server.TcpServer;

/** Starts the targets the tool can load, each owning (and stopping) what it started. */
public final class Targets {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String NATIVE_MODULES = "io.netty.codec.quic.linux.x86_64,io.netty.transport.epoll.linux.x86_64";

    private Targets() {
    }

    /** A quic-files server already running. */
    public static Target existing(String name, InetSocketAddress server, Optional<String> keyHex) {
        return new QuicTarget(name, server, keyHex, TIMEOUT, null);
    }

    /**
     * Forks the packaged server {@code dist/bin/quicfiles serve} on 127.0.0.1 with a fresh data
     * folder in {@code work}; {@code javaOpts} go to the launcher's {@code QUICFILES_JAVA_OPTS}.
     * Its log goes to {@code work/quicfiles.log} (unless {@code serveArgs} names a file), as an
     * operator's would: on stderr, every access line would also wake this tool's output copier,
     * a cost on the measuring side's cores that the bare server, which logs nothing per request,
     * never causes. The ready line still comes on stdout.
     */
    public static Target startQuicfiles(Path dist, String javaOpts, Path work, List<String> serveArgs) throws IOException {
        List<String> command = serveCommand(dist, work, serveArgs);
        ForkedServer process = ForkedServer.start(command, Map.of("QUICFILES_JAVA_OPTS", javaOpts),
                work.resolve("server.log"), 120);
        return new QuicTarget("quicfiles", process.address(), process.keyHex(), TIMEOUT, process);
    }

    /** The command line {@link #startQuicfiles} runs. */
    static List<String> serveCommand(Path dist, Path work, List<String> serveArgs) {
        List<String> command = new ArrayList<>(List.of(dist.resolve("bin/quicfiles").toString(), "serve",
                "--listen", "127.0.0.1:0", "--data", work.resolve("data").toString()));
        if (serveArgs.stream().noneMatch(arg -> arg.equals("--log-file") || arg.startsWith("--log-file=")
                || arg.startsWith("server.log-file="))) {
            command.addAll(List.of("--log-file", work.resolve("quicfiles.log").toString()));
        }
        command.addAll(serveArgs);
        return command;
    }

    /** Forks the bare QUIC baseline in its own JVM (this JVM's java and module path). */
    public static Target startBare(String javaOpts, Path work) throws IOException {
        String java = ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(Arrays.stream(javaOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        command.addAll(List.of("--enable-native-access=io.netty.common,io.netty.transport.unix.common,io.netty.codec.classes.quic",
                "--module-path", System.getProperty("jdk.module.path"), "--add-modules", NATIVE_MODULES,
                "-m", "org.quicfiles.load/org.quicfiles.load.LoadTool", "bare-server", "--work", work.toString()));
        ForkedServer process = ForkedServer.start(command, Map.of(), work.resolve("bare-server.log"), 60);
        return new QuicTarget("bare-quic", process.address(), Optional.empty(), TIMEOUT, process);
    }

    /** Starts the bare QUIC baseline inside this JVM (for the smoke test). */
    public static Target inProcessBare(Path work) throws IOException {
        BareQuicServer server = BareQuicServer.start(new InetSocketAddress("127.0.0.1", 0), work);
        return new QuicTarget("bare-quic", server.address(), Optional.empty(), TIMEOUT, server);
    }

    /** Starts nginx over HTTPS with its files in {@code work}. */
    public static Target startNginx(Path work) throws IOException {
        NginxServer nginx = NginxServer.start(work);
        return new HttpsTarget(nginx.base(), TIMEOUT, nginx);
    }

    /** Starts the raw TCP ceiling's server in this JVM. */
    public static Target startTcp() throws IOException {
        TcpServer server = TcpServer.start();
        return new TcpTarget(server.address(), server);
    }

    /** How a failure is counted in a report: its protocol code, HTTP status, or exception class. */
    public static String classify(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof QuicFilesClientException quic) {
                return "code " + quic.wireCode();
            }
            if (t instanceof HttpsTarget.HttpStatusException http) {
                return "http " + http.status();
            }
        }
        return e.getClass().getSimpleName();
    }
}

package org.quicfiles.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.quicfiles.load.driver.Driver;
import org.quicfiles.load.driver.Op;
import org.quicfiles.load.driver.Result;
import org.quicfiles.load.driver.Sizes;
import org.quicfiles.load.driver.Workload;
import org.quicfiles.load.report.ResultFormat;
import org.quicfiles.load.targets.Target;
import org.quicfiles.load.targets.Targets;
import org.quicfiles.load.targets.WorkFolders;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: one workload against one target. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Drives one target with N connections x M streams and prints the figures.")
final class RunCommand implements Callable<Integer> {
    @Option(names = "--target", defaultValue = "quicfiles",
            description = "quicfiles, bare (bare Netty QUIC), nginx (HTTPS) or tcp (raw loopback). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--server", description = "HOST:PORT of a running quicfiles or bare server (127.0.0.1 only).")
    String server;

    @Option(names = "--server-key", description = "The server's public key, 64 hex digits (default: no pinning).")
    String serverKey;

    @Option(names = "--dist", defaultValue = "dist/target/quicfiles",
            description = "Installation to fork 'bin/quicfiles serve' from when no --server is given. Default: ${DEFAULT-VALUE}.")
    Path dist;

    @Option(names = "--server-java-opts", defaultValue = "",
            description = "JVM options of a server the tool forks (QUICFILES_JAVA_OPTS), e.g. -Xmx128m.")
    String serverJavaOpts;

    @Option(names = {"-c", "--connections"}, defaultValue = "1", description = "Connections. Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = {"-s", "--streams"}, defaultValue = "1", description = "Concurrent streams per connection. Default: ${DEFAULT-VALUE}.")
    int streams;

    @Option(names = "--op", defaultValue = "get", description = "put, get, info or mix (GET and PUT alternating). Default: ${DEFAULT-VALUE}.")
    String op;

    @Option(names = "--sizes", defaultValue = "1m", description = "File sizes, e.g. 1k,1m,10m (k/m = 10^3/10^6, ki/mi = 2^10/2^20). Default: ${DEFAULT-VALUE}.")
    String sizes;

    @Option(names = "--duration", defaultValue = "10s", description = "Longest measured phase, e.g. 30s or PT1M. Default: ${DEFAULT-VALUE}.")
    String duration;

    @Option(names = "--count", defaultValue = "1000000", description = "Most measured operations. Default: ${DEFAULT-VALUE}.")
    long count;

    @Option(names = "--warmup", defaultValue = "2", description = "Unrecorded operations per stream first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--verify", description = "Compare every download byte by byte.")
    boolean verify;

    @Option(names = "--work", description = "Folder for a started server's data and logs, kept after the run"
            + " (default: a temporary folder, deleted after a run without errors; after one with errors only its"
            + " server log is kept).")
    Path work;

    @Option(names = "--json", description = "Print one JSON object instead of a line.")
    boolean json;

    @Option(names = "--serve-args", defaultValue = "",
            description = "Extra flags for the quicfiles server the tool starts, e.g. '--transport ngtcp2'.")
    String serveArgs;

    @Option(names = "--idle", defaultValue = "0",
            description = "Connections opened before the run and left idle during it, as a busy server's quiet"
                    + " clients are (each client has its own event-loop thread). Default: ${DEFAULT-VALUE}.")
    int idle;

    @Option(names = "--settle", defaultValue = "0s",
            description = "After the run, wait this long and report the server's RSS then, beside its idle RSS before"
                    + " the run (a server the tool started). Default: ${DEFAULT-VALUE}: not reported.")
    String settle;

    @Override
    public Integer call() throws Exception {
        Workload workload = new Workload(connections, streams, Op.parse(op), Sizes.parseList(sizes),
                Arguments.duration(duration), count, warmup, verify);
        Path folder = work != null ? Files.createDirectories(work) : Files.createTempDirectory("quicfiles-load");
        int exit = 1;
        try {
            exit = measure(workload, folder);
            return exit;
        } finally {
            if (work == null) {
                // a P4 run leaves 2.5 GB of uploads behind: a few runs filled this machine's disk
                WorkFolders.delete(folder.resolve("data"));
                if (exit == 0) {
                    WorkFolders.delete(folder);
                } else {
                    System.err.println("server log kept in " + folder);
                }
            }
        }
    }

    private int measure(Workload workload, Path folder) throws Exception {
        try (Target t = open(folder); QuietConnections quiet = QuietConnections.open(t, idle)) {
            java.util.OptionalLong idle = t.rssBytes();
            Result result = new Driver(t, workload, LoadTool.progressStream(json)).run();
            System.out.println(json ? ResultFormat.json(result) : ResultFormat.text(result));
            if (quiet.count() > 0 && !json) {
                System.out.println(quiet.count() + " idle connections were held open during the run");
            }
            java.time.Duration settling = Arguments.duration(settle);
            if (!settling.isZero() && idle.isPresent()) {
                // a measurement's wait, not synchronisation: the server is left alone for that long
                Thread.sleep(settling);
                System.out.printf(Locale.ROOT, "server RSS: idle %.1f MiB before the run, %.1f MiB %s after it%n",
                        idle.getAsLong() / 1048576.0, t.rssBytes().orElse(-1) / 1048576.0, settle);
            }
            return result.errorCount() == 0 ? 0 : 1;
        }
    }

    private Target open(Path folder) throws Exception {
        return switch (target.toLowerCase(Locale.ROOT)) {
            case "quicfiles", "bare" -> server != null
                    ? Targets.existing(target, Arguments.loopback(server), Optional.ofNullable(serverKey))
                    : target.equals("bare") ? Targets.startBare(serverJavaOpts, folder)
                    : Targets.startQuicfiles(dist, serverJavaOpts, folder, Arguments.words(serveArgs));
            case "nginx" -> Targets.startNginx(folder);
            case "tcp" -> Targets.startTcp();
            default -> throw new CommandLine.ParameterException(new CommandLine(this), "unknown --target " + target);
        };
    }
}

package org.quicfiles.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.quicfiles.api.Config;
import org.quicfiles.app.QuicFilesServer;
import org.quicfiles.app.internal.config.ConfigCheck;
import org.quicfiles.app.internal.config.ConfigException;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.ListenAddress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code quicfiles serve}: runs the server until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs the quicfiles server until SIGTERM or Ctrl-C.",
        footer = {"", "Every flag has a configuration key; precedence: flags > QUICFILES_* environment > --config file > defaults."})
public final class ServeCommand implements Callable<Integer> {
    @ParentCommand
    QuicFilesCommand parent;

    @Mixin
    ServerOptions server;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address and UDP port (default: 0.0.0.0:11235; port 0 picks one).")
    String listen;

    @Option(names = "--key", paramLabel = "FILE", description = "Identity key file, created when missing (default: <data>/key).")
    Path key;

    @Option(names = "--storage", paramLabel = "NAME", description = "Storage provider to use (default: best usable).")
    String storage;

    @Option(names = "--transport", paramLabel = "NAME", description = "Transport provider to use (default: best usable).")
    String transport;

    @Option(names = "--max-streams", paramLabel = "N", description = "Bidirectional streams per connection (default 32).")
    String maxStreams;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", description = "Connection idle timeout (default 30s).")
    String idleTimeout;

    @Option(names = "--disable-0rtt", description = "Refuses 0-RTT data.")
    boolean disableZeroRtt;

    @Option(names = "--io", paramLabel = "KIND", description = "Transport I/O: epoll, io_uring or nio (default: best available).")
    String io;

    @Option(names = "--max-size", paramLabel = "BYTES", description = "Largest upload, e.g. 10223616 or 20M.")
    String maxSize;

    @Option(names = "--max-ttl", paramLabel = "DURATION", description = "Longest time to live, e.g. 14d.")
    String maxTtl;

    @Option(names = "--compat-ids", description = "Gives out random decimal ids instead of content ids.")
    boolean compatIds;

    @Option(names = "--no-delete-expired", description = "Does not run the expiry deleter.")
    boolean noDeleteExpired;

    @Option(names = "--delete-period", paramLabel = "DURATION", description = "How often the expiry deleter runs (default 10s).")
    String deletePeriod;

    /** The keys the named flags set. */
    Map<String, String> flagKeys() throws ConfigException {
        Map<String, String> keys = new LinkedHashMap<>();
        if (listen != null) {
            ListenAddress address = ListenAddress.parse(listen);
            keys.put(ConfigKeys.ADDRESS, address.host());
            keys.put(ConfigKeys.PORT, Integer.toString(address.port()));
        }
        putIfSet(keys, ConfigKeys.KEY_FILE, key == null ? null : key.toString());
        putIfSet(keys, ConfigKeys.STORAGE_PROVIDER, storage);
        putIfSet(keys, ConfigKeys.TRANSPORT_PROVIDER, transport);
        putIfSet(keys, ConfigKeys.MAX_STREAMS, maxStreams);
        putIfSet(keys, ConfigKeys.IDLE_TIMEOUT, idleTimeout);
        putIfSet(keys, ConfigKeys.ZERO_RTT, disableZeroRtt ? "false" : null);
        putIfSet(keys, ConfigKeys.IO, io);
        putIfSet(keys, ConfigKeys.MAX_SIZE, maxSize);
        putIfSet(keys, ConfigKeys.MAX_TTL, maxTtl);
        putIfSet(keys, ConfigKeys.COMPAT_IDS, compatIds ? "true" : null);
        putIfSet(keys, ConfigKeys.DELETE_EXPIRED, noDeleteExpired ? "false" : null);
        putIfSet(keys, ConfigKeys.DELETE_PERIOD, deletePeriod);
        return keys;
    }

    private static void putIfSet(Map<String, String> keys, String key, String value) {
        if (value != null) {
            keys.put(key, value);
        }
    }

    /** The merged and checked configuration. */
    Config config() throws ConfigException {
        Config config = server.merge(parent.environment(), flagKeys());
        ConfigCheck.validate(config);
        return config;
    }

    @Override
    public Integer call() throws Exception {
        Config config = config();
        PrintWriter err = parent.err();
        QuicFilesServer running = QuicFilesServer.builder()
                .config(config.values())
                .reporter(line -> {
                    err.println(line);
                    err.flush();
                })
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            running.close();
            stopped.countDown();
        }, "quicfiles-shutdown"));
        PrintWriter out = parent.out();
        out.println(running.readyLine());
        out.flush();
        stopped.await();
        return 0;
    }
}

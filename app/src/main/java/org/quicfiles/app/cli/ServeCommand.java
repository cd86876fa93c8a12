package org.quicfiles.app.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.quicfiles.api.Config;
import org.quicfiles.app.QuicFilesServer;
import org.quicfiles.app.internal.config.ConfigException;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.ConfigLayers;
import org.quicfiles.app.internal.config.ListenAddress;
import org.quicfiles.app.internal.config.Setting;
import org.quicfiles.app.internal.logging.LogSettings;
import org.quicfiles.app.internal.logging.Logging;
import org.quicfiles.app.internal.systemd.ServiceNotifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code quicfiles serve}: runs the server until SIGTERM or Ctrl-C. */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Runs the quicfiles server until SIGTERM or Ctrl-C; SIGHUP reloads the configuration"
                + " (server.log-level applies at once; other changed keys are named as needing a restart).",
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

    @Option(names = "--database", paramLabel = "JDBC-URL",
            description = "Shared PostgreSQL metadata, e.g. jdbc:postgresql://db:5432/quicfiles (default: SQLite in the data folder).")
    String database;

    @Option(names = "--storage", paramLabel = "NAME", description = "Storage provider to use (default: best usable).")
    String storage;

    @Option(names = "--transport", paramLabel = "NAME", description = "Transport provider to use (default: best usable).")
    String transport;

    @Option(names = "--memory", paramLabel = "SIZE",
            description = "Memory the server may use, e.g. 256M (default) or 1G: sizes the heap, direct memory and the"
                    + " transport's budgets, each overridable by its own key.")
    String memory;

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

    @Option(names = "--log-level", paramLabel = "LEVEL|LOGGER=LEVEL",
            description = "Log level: trace, debug, info (default), warn, error or off, for every logger or one"
                    + " (e.g. --log-level debug --log-level quicfiles.access=off); repeatable.")
    java.util.List<String> logLevels = new java.util.ArrayList<>();

    @Option(names = "--log-format", paramLabel = "text|json", description = "Log lines as text (default) or one JSON object per line.")
    String logFormat;

    @Option(names = "--log-file", paramLabel = "FILE",
            description = "Writes the log to FILE, rotated by size (server.log-file-size, server.log-file-count), instead of stderr.")
    Path logFile;

    @Option(names = "--admin", paramLabel = "HOST:PORT",
            description = "Admin HTTP listener on a loopback address, e.g. 127.0.0.1:9464: /metrics (Prometheus),"
                    + " /health/live, /health/ready (default: off).")
    String admin;

    @Option(names = "--skip-broken-plugins",
            description = "Starts without a plugin jar or folder that cannot be loaded (reported in one line) instead of refusing to start.")
    boolean skipBrokenPlugins;

    /** The keys the named flags set, each with its flag as origin. */
    Map<String, Setting> flagKeys() throws ConfigException {
        Map<String, Setting> keys = new LinkedHashMap<>();
        if (listen != null) {
            ListenAddress address = ListenAddress.parse(listen);
            keys.put(ConfigKeys.ADDRESS, new Setting(address.host(), "--listen"));
            keys.put(ConfigKeys.PORT, new Setting(Integer.toString(address.port()), "--listen"));
        }
        putIfSet(keys, ConfigKeys.KEY_FILE, key == null ? null : key.toString(), "--key");
        putIfSet(keys, ConfigKeys.DATABASE_URL, database, "--database");
        putIfSet(keys, ConfigKeys.MEMORY, memory, "--memory");
        putIfSet(keys, ConfigKeys.STORAGE_PROVIDER, storage, "--storage");
        putIfSet(keys, ConfigKeys.TRANSPORT_PROVIDER, transport, "--transport");
        putIfSet(keys, ConfigKeys.LOG_LEVEL, logLevels.isEmpty() ? null : String.join(",", logLevels), "--log-level");
        putIfSet(keys, ConfigKeys.LOG_FORMAT, logFormat, "--log-format");
        putIfSet(keys, ConfigKeys.LOG_FILE, logFile == null ? null : logFile.toString(), "--log-file");
        putIfSet(keys, ConfigKeys.ADMIN, admin, "--admin");
        putIfSet(keys, ConfigKeys.SKIP_BROKEN_PLUGINS, skipBrokenPlugins ? "true" : null, "--skip-broken-plugins");
        // the transport's and the files plugin's keys: they read and check them themselves
        putIfSet(keys, "transport.max-streams", maxStreams, "--max-streams");
        putIfSet(keys, "transport.idle-timeout", idleTimeout, "--idle-timeout");
        putIfSet(keys, "transport.0rtt", disableZeroRtt ? "false" : null, "--disable-0rtt");
        putIfSet(keys, "transport.io", io, "--io");
        putIfSet(keys, "files.max-size", maxSize, "--max-size");
        putIfSet(keys, "files.max-ttl", maxTtl, "--max-ttl");
        putIfSet(keys, "files.compat-ids", compatIds ? "true" : null, "--compat-ids");
        putIfSet(keys, "files.delete-expired", noDeleteExpired ? "false" : null, "--no-delete-expired");
        putIfSet(keys, "files.delete-period", deletePeriod, "--delete-period");
        return keys;
    }

    private static void putIfSet(Map<String, Setting> keys, String key, String value, String flag) {
        if (value != null) {
            keys.put(key, new Setting(value, flag));
        }
    }

    /** The merged configuration (checked by the server, which knows every provider's keys). */
    Config config() throws ConfigException {
        return layers().merge();
    }

    /** The configuration sources. */
    ConfigLayers layers() throws ConfigException {
        return server.layers(parent.environment(), flagKeys());
    }

    @Override
    public Integer call() throws Exception {
        ConfigLayers layers = layers();
        Config merged = layers.merge();
        // before the server starts, so that its lines (providers chosen, plugins skipped) go where asked
        Logging.configure(LogSettings.from(merged, layers.origins()));
        ServiceNotifier service = ServiceNotifier.fromEnvironment(parent.environment());
        QuicFilesServer running;
        try {
            running = QuicFilesServer.builder()
                    .config(merged.values())
                    .origins(layers.origins())
                    .keepMetrics(service.active())
                    .start();
        } catch (Exception | Error e) {
            Logging.stop(); // the lines logged before the refusal, then its one line
            throw e;
        }
        System.Logger log = System.getLogger("org.quicfiles.app");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                log.log(System.Logger.Level.INFO, "quicfiles stopping");
                service.stopping();
                running.close();
                log.log(System.Logger.Level.INFO, "quicfiles stopped");
            } finally {
                Logging.stop();
                stopped.countDown();
            }
        }, "quicfiles-shutdown"));
        // before the ready line: a SIGHUP sent as soon as a script or systemd sees the server ready
        // must reload, not meet the JVM's own handler, which shuts down
        reloadOnHangup(new ConfigReload(this::layers, merged, log), log);
        PrintWriter out = parent.out();
        out.println(running.readyLine());
        out.flush();
        Logging.queueFromNowOn();
        service.ready(ListenAddress.format(running.address().getAddress(), running.address().getPort()),
                running::statusCounts);
        stopped.await();
        return 0;
    }

    /** Whether SIGHUP was ignored when the process started (Linux: bit 0 of SigIgn in /proc/self/status). */
    static boolean hangupIgnored() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:")) {
                    return (Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16) & 1) != 0;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            // not Linux: try to install the handler
        }
        return false;
    }

    /** SIGHUP reloads the configuration (the JVM's own SIGHUP handler would shut the server down). */
    private static void reloadOnHangup(ConfigReload reload, System.Logger log) {
        if (hangupIgnored()) {
            // the JVM installs no handler for a signal ignored at its start: say so instead of nothing
            log.log(System.Logger.Level.WARNING, "SIGHUP is ignored by what started the server (nohup?): no"
                    + " configuration reload; a restart applies changes");
            return;
        }
        // sun.misc.Signal (jdk.unsupported) through reflection: javac's warning on it cannot be suppressed under -Werror
        try {
            Class<?> signalType = Class.forName("sun.misc.Signal");
            Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            Object handler = java.lang.reflect.Proxy.newProxyInstance(handlerType.getClassLoader(),
                    new Class<?>[] {handlerType}, (proxy, method, arguments) -> switch (method.getName()) {
                        case "handle" -> {
                            reload.run();
                            yield null;
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == arguments[0];
                        default -> "SIGHUP: configuration reload";
                    });
            signalType.getMethod("handle", signalType, handlerType)
                    .invoke(null, signalType.getConstructor(String.class).newInstance("HUP"), handler);
        } catch (java.lang.reflect.InvocationTargetException e) {
            // -Xrs, or a platform without SIGHUP: the server runs, without reload
            log.log(System.Logger.Level.WARNING, "no configuration reload on SIGHUP: " + e.getCause().getMessage());
        } catch (ReflectiveOperationException e) {
            log.log(System.Logger.Level.WARNING, "no configuration reload on SIGHUP: " + e);
        }
    }
}

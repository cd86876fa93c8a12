package org.quicfiles.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.quicfiles.plugin.support.sql.UrlDataSource;

/**
 * A real PostgreSQL server process for tests: Debian's {@code postgresql} binaries, a cluster made
 * by {@code initdb} in a temporary folder, listening on 127.0.0.1 on a free port, trusting local
 * connections as user {@code quicfiles}, with durability switched off for speed. One server per JVM
 * ({@link #shared()}); each caller takes a database of its own ({@link #database(String)}).
 *
 * <p>{@code initdb} and {@code postgres} refuse to run as root, so under root (CI) they run as the
 * {@code postgres} user the package creates ({@code setpriv}). A small watcher process stops the
 * server (fast shutdown) as soon as the server's standard input, a pipe from this JVM, closes: when
 * {@link #stop()} closes it, and also when the JVM dies without running its shutdown hook, so no
 * server outlives the tests. The binaries are found in {@code /usr/lib/postgresql/<newest>/bin} unless
 * {@code -Dquicfiles.test.postgresql.bin=DIR} names another folder. JDBC needs the PostgreSQL driver
 * at run time (a dependency of testkit).
 */
public final class PostgresServer implements AutoCloseable {
    /** The user every test connects as (the cluster's superuser). */
    public static final String USER = "quicfiles";
    /** System property naming the folder of {@code initdb} and {@code postgres}. */
    public static final String BIN_PROPERTY = "quicfiles.test.postgresql.bin";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int START_ATTEMPTS = 3;
    private static PostgresServer shared;

    private final Path folder;
    private final int port;
    private final Process process;
    private boolean stopped;

    private PostgresServer(Path folder, int port, Process process) {
        this.folder = folder;
        this.port = port;
        this.process = process;
    }

    /**
     * The JVM's server, started on first use and stopped by a shutdown hook.
     *
     * @throws IllegalStateException if PostgreSQL is not installed or does not start
     */
    public static synchronized PostgresServer shared() {
        if (shared == null || shared.stopped) {
            PostgresServer started = start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "postgres-test-server-stop"));
            shared = started;
        }
        return shared;
    }

    /**
     * Starts a server of one's own (most tests want {@link #shared()}); close it to stop it.
     *
     * @throws IllegalStateException if PostgreSQL is not installed or does not start
     */
    public static PostgresServer start() {
        Path bin = binaries();
        boolean root = "root".equals(System.getProperty("user.name"));
        IllegalStateException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            Path folder = null;
            Process process = null;
            try {
                folder = Files.createTempDirectory("quicfiles-pg-");
                if (root) {
                    chownToPostgres(folder);
                }
                Path data = folder.resolve("data");
                run(command(root, bin.resolve("initdb").toString(), "-D", data.toString(), "-U", USER, "-A", "trust",
                        "-E", "UTF8", "--locale=C", "--no-sync"), folder.resolve("initdb.log"));
                int port = freePort();
                process = launch(root, bin, folder, data, port);
                PostgresServer server = new PostgresServer(folder, port, process);
                server.awaitReady();
                return server;
            } catch (IOException e) {
                last = new IllegalStateException("cannot start a PostgreSQL test server: " + e.getMessage(), e);
            } catch (IllegalStateException e) {
                // most likely the port was taken between the probe and the bind: try another
                last = e;
            }
            if (process != null) {
                stopProcess(process);
            } else {
                deleteQuietly(folder);
            }
        }
        throw last;
    }

    /** The server's (postmaster's) process id. */
    long pid() {
        return process.pid();
    }

    /** The port on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The JDBC URL of database {@code name} (which {@link #database} creates). */
    public String url(String name) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + USER;
    }

    /**
     * Database {@code name}, created empty if it does not exist yet; every call opens a new connection.
     *
     * @param name lower-case letters, digits and {@code _}, starting with a letter
     */
    public UrlDataSource database(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a simple database name: " + name);
        }
        synchronized (this) {
            try (Connection connection = DriverManager.getConnection(url("postgres"));
                 Statement statement = connection.createStatement()) {
                boolean exists;
                try (ResultSet rows = statement.executeQuery(
                        "SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    exists = rows.next();
                }
                if (!exists) {
                    statement.execute("CREATE DATABASE " + name);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
            }
        }
        return new UrlDataSource(url(name));
    }

    /** Stops the server (fast shutdown); its folder is deleted in the background. Idempotent. */
    public synchronized void stop() {
        if (stopped) {
            return;
        }
        stopped = true;
        stopProcess(process);
    }

    /**
     * Drops database {@code name} if it exists, closing its connections.
     *
     * @throws IllegalStateException if the server refuses
     */
    public synchronized void drop(String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a simple database name: " + name);
        }
        try (Connection connection = DriverManager.getConnection(url("postgres"));
             Statement statement = connection.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot drop test database " + name + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        SQLException lastFailure = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("PostgreSQL exited at start: " + tail(folder.resolve("postgres.log")));
            }
            try (Connection connection = DriverManager.getConnection(url("postgres"))) {
                if (connection.isValid(5)) {
                    return;
                }
            } catch (SQLException e) {
                lastFailure = e;
            }
            try {
                Thread.sleep(50); // polling the server's readiness; the deadline bounds the wait
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while PostgreSQL started", e);
            }
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within " + START_TIMEOUT
                + (lastFailure != null ? ": " + lastFailure.getMessage() : "") + "; " + tail(folder.resolve("postgres.log")));
    }

    private static Process launch(boolean root, Path bin, Path folder, Path data, int port) throws IOException {
        // the shell becomes postgres (exec), leaving a watcher that asks it to stop (SIGINT, fast
        // shutdown) once stdin reaches EOF (the JVM closing the pipe, on stop() or by dying), waits
        // for it to end and deletes the folder, so the JVM need not wait for that. The pipe is read
        // through fd 3 because sh gives a background job /dev/null as its stdin
        String script = "exec 3<&0\n"
                + "(cat <&3 >/dev/null; kill -INT $$ 2>/dev/null;"
                + " while kill -0 $$ 2>/dev/null; do sleep 0.1; done; rm -rf \"$4\") &\n"
                + "exec \"$1\" -D \"$2\" -p \"$3\" -h 127.0.0.1 -k \"$4\" -F -c fsync=off -c synchronous_commit=off"
                + " -c full_page_writes=off -c max_connections=300 -c shared_buffers=32MB"
                + " >>\"$4/postgres.log\" 2>&1 3<&-\n";
        List<String> command = command(root, "/bin/sh", "-c", script, "quicfiles-pg",
                bin.resolve("postgres").toString(), data.toString(), Integer.toString(port), folder.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(folder.resolve("shell.log").toFile()).start();
    }

    private static void stopProcess(Process process) {
        try {
            OutputStream stdin = process.getOutputStream();
            stdin.close();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    private static List<String> command(boolean root, String... arguments) {
        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", "--"));
        }
        command.addAll(List.of(arguments));
        return command;
    }

    private static void run(List<String> command, Path log) throws IOException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(command.getFirst() + " did not finish: " + tail(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + tail(log));
        }
    }

    private static Path binaries() {
        String configured = System.getProperty(BIN_PROPERTY);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        Path versions = Path.of("/usr/lib/postgresql");
        try (Stream<Path> folders = Files.list(versions)) {
            return folders.filter(folder -> Files.isExecutable(folder.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(PostgresServer::majorVersion))
                    .map(folder -> folder.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("no PostgreSQL in " + versions));
        } catch (IOException e) {
            throw new IllegalStateException("PostgreSQL is not installed (Debian package postgresql; looked in "
                    + versions + ", or set -D" + BIN_PROPERTY + "=DIR)", e);
        }
    }

    private static int majorVersion(Path folder) {
        try {
            return Integer.parseInt(folder.getFileName().toString());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void chownToPostgres(Path folder) throws IOException {
        UserPrincipalLookupService lookup = folder.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName("postgres");
        GroupPrincipal group = lookup.lookupPrincipalByGroupName("postgres");
        PosixFileAttributeView view = Files.getFileAttributeView(folder, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join(" | ", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException | UncheckedIOException e) {
            // a temporary folder left behind is harmless; the tests' result does not depend on it
        }
    }
}

package org.quicfiles.endpoints.files.internal;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.ReentrantLock;
import javax.sql.DataSource;
import org.quicfiles.plugin.support.sql.PlainDataSource;
import org.quicfiles.testkit.SqliteDataSources;

/**
 * Measures the files table's SQLite access patterns (decision 0303): a connection per operation
 * versus a small pool of reused connections, each with concurrent writers (SQLite's busy handler
 * arbitrates) or with writes serialized by one in-process lock (a single writer). The workload is
 * the plugin's: per simulated upload one look-up and one upsert, plus {@code reads} GET look-ups.
 * Not a test; run by hand (see the decision note for the command).
 */
public final class SqliteAccessBenchmark {
    private SqliteAccessBenchmark() {
    }

    /** Runs every mode at several concurrency levels and prints operations per second. */
    public static void main(String[] args) throws Exception {
        int uploads = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
        int reads = 4;
        System.out.println("mode,threads,uploads/s,lookups/s,p_total_s");
        for (int threads : new int[] {1, 4, 16, 64}) {
            for (String mode : new String[] {"per-op", "per-op+writer-lock", "pool4", "pool4+writer-lock"}) {
                Path dir = Files.createTempDirectory("sqlite-bench");
                DataSource sqlite = SqliteDataSources.wal(dir.resolve("bench.db"));
                DataSource dataSource = mode.startsWith("pool") ? new TinyPool(sqlite, 4) : sqlite;
                FilesTable table = new FilesTable(dataSource);
                table.migrate();
                ReentrantLock writer = mode.endsWith("writer-lock") ? new ReentrantLock() : null;
                long start = System.nanoTime();
                try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                    List<Future<?>> work = new ArrayList<>();
                    for (int t = 0; t < threads; t++) {
                        int first = t * (uploads / threads);
                        int count = uploads / threads;
                        work.add(pool.submit(() -> {
                            for (int i = first; i < first + count; i++) {
                                String id = Integer.toString(i);
                                table.find(id);
                                if (writer != null) {
                                    writer.lock();
                                }
                                try {
                                    table.upsert(id, 100, 1000, 2000);
                                } finally {
                                    if (writer != null) {
                                        writer.unlock();
                                    }
                                }
                                for (int r = 0; r < reads; r++) {
                                    table.find(Integer.toString(Math.max(0, i - r)));
                                }
                            }
                            return null;
                        }));
                    }
                    for (Future<?> future : work) {
                        future.get();
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                System.out.printf("%s,%d,%.0f,%.0f,%.2f%n", mode, threads, uploads / seconds,
                        uploads * (reads + 1) / seconds, seconds);
                if (dataSource instanceof TinyPool tiny) {
                    tiny.closeAll();
                }
                try (var files = Files.list(dir)) {
                    for (Path file : files.toList()) {
                        Files.delete(file);
                    }
                }
                Files.delete(dir);
            }
        }
    }

    /** A fixed set of open connections handed out in turn; {@code close()} returns one. */
    static final class TinyPool implements PlainDataSource {
        private final BlockingQueue<Connection> idle;
        private final List<Connection> all = new ArrayList<>();

        TinyPool(DataSource source, int size) throws SQLException {
            idle = new ArrayBlockingQueue<>(size);
            for (int i = 0; i < size; i++) {
                Connection connection = source.getConnection();
                all.add(connection);
                idle.add(connection);
            }
        }

        @Override
        public Connection getConnection() throws SQLException {
            Connection real;
            try {
                real = idle.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException(e);
            }
            boolean[] returned = {false};
            return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                    (proxy, method, methodArgs) -> {
                        if (method.getName().equals("close")) {
                            if (!returned[0]) {
                                returned[0] = true;
                                if (!real.getAutoCommit()) {
                                    real.setAutoCommit(true);
                                }
                                idle.add(real);
                            }
                            return null;
                        }
                        try {
                            return method.invoke(real, methodArgs == null ? new Object[0] : Arrays.copyOf(methodArgs, methodArgs.length));
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }

        void closeAll() throws SQLException {
            for (Connection connection : all) {
                connection.close();
            }
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }
    }
}

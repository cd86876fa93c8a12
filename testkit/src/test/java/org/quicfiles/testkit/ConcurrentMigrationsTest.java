package org.quicfiles.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.quicfiles.plugin.support.sql.SchemaMigrations;
import org.quicfiles.plugin.support.sql.UrlDataSource;

/** Several servers starting at once on one PostgreSQL database: each migration runs exactly once. */
class ConcurrentMigrationsTest {
    private static final List<List<String>> STEPS = List.of(
            List.of("CREATE TABLE things (id TEXT PRIMARY KEY)"),
            List.of("ALTER TABLE things ADD COLUMN size BIGINT"));

    @Test
    void eightServersMigratingTwoComponentsAtOnceAllSucceed() throws Exception {
        UrlDataSource database = PostgresServer.shared().database("concurrent_migrations");
        int servers = 8;
        CyclicBarrier start = new CyclicBarrier(servers);
        List<Callable<Integer>> tasks = new ArrayList<>();
        for (int server = 0; server < servers; server++) {
            String component = server % 2 == 0 ? "a" : "b";
            List<List<String>> steps = component.equals("a") ? STEPS
                    : List.of(List.of("CREATE TABLE other_things (id TEXT PRIMARY KEY)"));
            tasks.add(() -> {
                start.await();
                return SchemaMigrations.migrate(database, component, steps);
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(servers)) {
            for (Future<Integer> result : pool.invokeAll(tasks)) {
                result.get();
            }
        }
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT component, version FROM schema_version ORDER BY component")) {
            List<String> versions = new ArrayList<>();
            while (rows.next()) {
                versions.add(rows.getString(1) + "=" + rows.getInt(2));
            }
            assertEquals(List.of("a=2", "b=1"), versions);
        }
    }
}

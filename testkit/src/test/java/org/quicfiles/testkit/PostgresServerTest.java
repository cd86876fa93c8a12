package org.quicfiles.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostgresServerTest {
    @TempDir
    Path directory;

    @Test
    void aServerOfOnesOwnServesDatabasesAndLeavesNothingRunning() throws Exception {
        long postmaster;
        long backend;
        try (PostgresServer server = PostgresServer.start()) {
            DataSource first = server.database("first");
            execute(first, "CREATE TABLE t (v INTEGER)", "INSERT INTO t VALUES (7)");
            assertEquals(7, single(server.database("first"), "SELECT v FROM t"), "the same name, the same database");
            assertThrows(SQLException.class, () -> single(server.database("second"), "SELECT v FROM t"),
                    "another name is another, empty database");
            postmaster = server.pid();
            assertTrue(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false));
            // a connection still open at the stop: fast shutdown ends its backend too
            Connection open = first.getConnection();
            try (Statement statement = open.createStatement(); ResultSet rows = statement.executeQuery("SELECT pg_backend_pid()")) {
                rows.next();
                backend = rows.getLong(1);
            }
        }
        assertFalse(ProcessHandle.of(postmaster).map(ProcessHandle::isAlive).orElse(false), "the server stopped");
        assertFalse(ProcessHandle.of(backend).map(ProcessHandle::isAlive).orElse(false), "with its backends");
    }

    @Test
    void theSameFolderGivesTheSameDatabase() throws Exception {
        String saved = System.getProperty(TestDatabases.PROPERTY);
        System.setProperty(TestDatabases.PROPERTY, "postgresql");
        try {
            TestDatabases.TestDatabase one = TestDatabases.forFolder(directory);
            assertEquals(org.quicfiles.api.spi.ServerContext.SqlDialect.POSTGRESQL, one.dialect());
            execute(one.dataSource(), "CREATE TABLE t (v INTEGER)", "INSERT INTO t VALUES (3)");
            assertEquals(3, single(TestDatabases.forFolder(directory).dataSource(), "SELECT v FROM t"));
            try (TestServerContext context = TestServerContext.builder(directory).build()) {
                assertEquals(org.quicfiles.api.spi.ServerContext.SqlDialect.POSTGRESQL, context.sqlDialect());
                assertEquals(3, single(context.dataSource(), "SELECT v FROM t"));
            }
            assertThrows(SQLException.class,
                    () -> single(TestDatabases.forFolder(directory.resolve("other")).dataSource(), "SELECT v FROM t"));
        } finally {
            if (saved == null) {
                System.clearProperty(TestDatabases.PROPERTY);
            } else {
                System.setProperty(TestDatabases.PROPERTY, saved);
            }
        }
    }

    private static void execute(DataSource dataSource, String... statements) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static long single(DataSource dataSource, String query) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(query)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}

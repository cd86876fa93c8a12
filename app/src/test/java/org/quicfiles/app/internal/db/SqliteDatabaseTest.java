package org.quicfiles.app.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConnection;

class SqliteDatabaseTest {
    @TempDir
    Path dir;

    private static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getString(1);
        }
    }

    private static long count(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT count(*) FROM t")) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void everyConnectionHasWalForeignKeysAndABusyTimeout() throws SQLException {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("q.db"));
             Connection connection = database.getConnection()) {
            assertEquals("wal", pragma(connection, "journal_mode"));
            assertEquals("1", pragma(connection, "foreign_keys"));
            assertEquals(Integer.toString(SqliteDatabase.BUSY_TIMEOUT_MILLIS), pragma(connection, "busy_timeout"));
        }
    }

    @Test
    void thePageCacheIsSharedOutAmongTheConnectionsAndEveryConnectionHasItsShare() throws SQLException {
        long eightMebibytes = 8L << 20;
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("q.db"), eightMebibytes);
             Connection first = database.getConnection(); Connection second = database.getConnection()) {
            String share = Long.toString(-(eightMebibytes / SqliteDatabase.connectionsAtMost() >> 10));
            assertEquals(share, pragma(first, "cache_size"));
            assertEquals(share, pragma(second, "cache_size"));
        }
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("q.db"), 0);
             Connection connection = database.getConnection()) {
            assertEquals(Long.toString(-(SqliteDatabase.MIN_CACHE_PER_CONNECTION >> 10)), pragma(connection, "cache_size"));
        }
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("q.db"));
             Connection connection = database.getConnection()) {
            assertEquals("-2048", pragma(connection, "cache_size"), "SQLite's own default");
        }
    }

    @Test
    void reusesAClosedConnectionAfterRollingBackWhatWasLeftUncommitted() throws SQLException {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("q.db"))) {
            SQLiteConnection first;
            try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
                connection.setAutoCommit(false);
                statement.execute("INSERT INTO t VALUES (1)");
                first = connection.unwrap(SQLiteConnection.class);
            }
            try (Connection connection = database.getConnection()) {
                assertSame(first, connection.unwrap(SQLiteConnection.class));
                assertTrue(connection.getAutoCommit());
                assertEquals(0, count(connection));
                try (Connection second = database.getConnection()) {
                    assertNotSame(first, second.unwrap(SQLiteConnection.class));
                }
            }
        }
    }

    @Test
    void aClosedConnectionAndAClosedDatabaseRefuseWork() throws SQLException {
        SqliteDatabase database = SqliteDatabase.open(dir.resolve("q.db"));
        Connection connection = database.getConnection();
        connection.close();
        connection.close();
        assertTrue(connection.isClosed());
        assertThrows(SQLException.class, connection::createStatement);

        database.close();

        assertThrows(SQLException.class, database::getConnection);
    }
}

package org.quicfiles.app.internal.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
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

    private static PreparedStatement real(PreparedStatement statement) throws SQLException {
        return statement.unwrap(PreparedStatement.class);
    }

    @Test
    void aPreparedStatementIsKeptAcrossBorrowersAndStartsClean() throws SQLException {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("q.db"))) {
            PreparedStatement first;
            PreparedStatement firstLease;
            try (Connection connection = database.getConnection();
                 PreparedStatement query = connection.prepareStatement("SELECT ?")) {
                query.setString(1, "bound");
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    assertEquals("bound", row.getString(1));
                }
                first = real(query);
                firstLease = query;
            }
            try (Connection connection = database.getConnection();
                 PreparedStatement query = connection.prepareStatement("SELECT ?")) {
                assertSame(first, real(query), "the same compiled statement");
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    assertNull(row.getString(1), "the last borrower's parameter was cleared");
                }
                // a handle kept after its close reaches nothing, and closing it again frees nothing
                assertTrue(firstLease.isClosed());
                assertThrows(SQLException.class, firstLease::executeQuery);
                firstLease.close();
                assertFalse(query.isClosed());
                query.setString(1, "still mine");
                try (ResultSet row = query.executeQuery()) {
                    row.next();
                    assertEquals("still mine", row.getString(1));
                }
            }
        }
    }

    @Test
    void aResultSetLeftOpenDoesNotHoldItsSnapshotForTheNextBorrower() throws SQLException {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("q.db"))) {
            Connection first = database.getConnection();
            try (Connection second = database.getConnection()) {
                try (Statement statement = first.createStatement()) {
                    statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY)");
                    statement.execute("INSERT INTO t VALUES (1), (2), (3)");
                }
                PreparedStatement query = first.prepareStatement("SELECT id FROM t");
                ResultSet rows = query.executeQuery();
                assertTrue(rows.next(), "mid-way through: the statement holds a read transaction");
                SQLiteConnection reused = first.unwrap(SQLiteConnection.class);
                first.close(); // neither the result set nor the statement closed
                try (Statement statement = second.createStatement()) {
                    statement.execute("INSERT INTO t VALUES (4)");
                }
                try (Connection third = database.getConnection()) {
                    assertSame(reused, third.unwrap(SQLiteConnection.class));
                    assertEquals(4, count(third), "the left-open statement was reset when its connection came back");
                }
            }
        }
    }

    @Test
    void aStatementWithSettingsOfItsOwnIsNotKeptAndTheCacheIsBounded() throws SQLException {
        try (SqliteDatabase database = SqliteDatabase.open(dir.resolve("q.db"))) {
            PreparedStatement limited;
            try (Connection connection = database.getConnection();
                 PreparedStatement query = connection.prepareStatement("SELECT 1 UNION ALL SELECT 2")) {
                query.setMaxRows(1);
                limited = real(query);
            }
            try (Connection connection = database.getConnection();
                 PreparedStatement query = connection.prepareStatement("SELECT 1 UNION ALL SELECT 2")) {
                assertNotSame(limited, real(query), "setMaxRows is not undone, so that statement was dropped");
                try (ResultSet rows = query.executeQuery()) {
                    assertTrue(rows.next());
                    assertTrue(rows.next(), "no row limit left over");
                }
            }
            try (Connection connection = database.getConnection()) {
                for (int i = 0; i < 3 * IdleConnections.STATEMENTS_PER_CONNECTION; i++) {
                    try (PreparedStatement query = connection.prepareStatement("SELECT " + i);
                         ResultSet row = query.executeQuery()) {
                        row.next();
                        assertEquals(i, row.getInt(1));
                    }
                }
                // the same text twice at once: the second is a statement of its own
                try (PreparedStatement one = connection.prepareStatement("SELECT 7");
                     PreparedStatement two = connection.prepareStatement("SELECT 7")) {
                    assertNotSame(real(one), real(two));
                }
            }
        }
    }
}

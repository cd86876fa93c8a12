package org.quicfiles.plugin.support.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

class SchemaMigrationsTest {
    @TempDir
    Path dir;

    private SQLiteDataSource database() {
        SQLiteDataSource source = new SQLiteDataSource();
        source.setUrl("jdbc:sqlite:" + dir.resolve("test.db"));
        return source;
    }

    private static long count(SQLiteDataSource source, String sql) throws SQLException {
        try (Connection connection = source.getConnection(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    @Test
    void appliesOnlyThePendingStepsAndRecordsTheVersionPerComponent() throws SQLException {
        SQLiteDataSource source = database();
        List<String> first = List.of("CREATE TABLE a (x INTEGER)", "INSERT INTO a VALUES (1)");
        assertEquals(1, SchemaMigrations.migrate(source, "one", List.of(first)));
        assertEquals(2, SchemaMigrations.migrate(source, "one", List.of(first, List.of("INSERT INTO a VALUES (2)"))));
        assertEquals(2, SchemaMigrations.migrate(source, "one", List.of(first, List.of("INSERT INTO a VALUES (2)"))));
        assertEquals(2, count(source, "SELECT COUNT(*) FROM a"));
        assertEquals(1, SchemaMigrations.migrate(source, "two", List.of(List.of("CREATE TABLE b (y INTEGER)"))));
        assertEquals(2, count(source, "SELECT COUNT(*) FROM schema_version"));
    }

    @Test
    void aFailedStepLeavesThePreviousVersionInPlace() throws SQLException {
        SQLiteDataSource source = database();
        SchemaMigrations.migrate(source, "c", List.of(List.of("CREATE TABLE c (x INTEGER)")));
        assertThrows(SQLException.class, () -> SchemaMigrations.migrate(source, "c", List.of(
                List.of("CREATE TABLE c (x INTEGER)"),
                List.of("INSERT INTO c VALUES (1)", "NOT SQL AT ALL"))));
        assertEquals(1, count(source, "SELECT version FROM schema_version WHERE component = 'c'"));
        assertEquals(0, count(source, "SELECT COUNT(*) FROM c"));
    }

    @Test
    void refusesTablesNewerThanTheStepsItKnows() throws SQLException {
        SQLiteDataSource source = database();
        SchemaMigrations.migrate(source, "d", List.of(List.of("CREATE TABLE d (x INTEGER)"), List.of()));
        assertThrows(SQLException.class, () -> SchemaMigrations.migrate(source, "d",
                List.of(List.of("CREATE TABLE d (x INTEGER)"))));
    }
}

package org.quicfiles.testkit;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every row of some tables, for asserting that a rejected request changed nothing: take one before
 * and one after, and compare with {@code equals}.
 *
 * @param rows per table, its rows in a stable order, each row its column values
 */
public record TableSnapshot(Map<String, List<List<Object>>> rows) {
    /** A copy that later changes to the caller's collections cannot alter. */
    public TableSnapshot {
        Map<String, List<List<Object>>> copy = new LinkedHashMap<>();
        rows.forEach((table, tableRows) -> copy.put(table, tableRows.stream().map(List::copyOf).toList()));
        rows = java.util.Collections.unmodifiableMap(copy);
    }

    /**
     * Reads every row of {@code tables} through {@code connection}, sorted by their text form (a stable order whatever the database returns).
     * Column values are read with {@link ResultSet#getObject(int)}; byte arrays become lists so
     * that {@code equals} compares their contents. Table names are trusted test input.
     */
    public static TableSnapshot of(Connection connection, String... tables) throws SQLException {
        Map<String, List<List<Object>>> rows = new LinkedHashMap<>();
        for (String table : tables) {
            rows.put(table, rowsOf(connection, table));
        }
        return new TableSnapshot(rows);
    }

    private static List<List<Object>> rowsOf(Connection connection, String table) throws SQLException {
        List<List<Object>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<Object> row = new ArrayList<>(columns);
                for (int column = 1; column <= columns; column++) {
                    Object value = result.getObject(column);
                    row.add(value instanceof byte[] bytes ? toList(bytes) : value);
                }
                rows.add(row);
            }
        }
        rows.sort((a, b) -> String.valueOf(a).compareTo(String.valueOf(b)));
        return rows;
    }

    private static List<Byte> toList(byte[] bytes) {
        Byte[] boxed = new Byte[bytes.length];
        Arrays.setAll(boxed, i -> bytes[i]);
        return Arrays.asList(boxed);
    }
}

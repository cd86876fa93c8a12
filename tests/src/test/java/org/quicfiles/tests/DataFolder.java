package org.quicfiles.tests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The test's own view of a server's data folder: the temporaries in {@code blobs/uploads}, the
 * committed blobs in {@code blobs/files/<shard>/<id>}, and the {@code files} table of
 * {@code quicfiles.db}, opened read-only.
 */
record DataFolder(Path root) {
    Path blobs() {
        return root.resolve("blobs");
    }

    /** The names of every temporary upload file. */
    List<String> temporaries() {
        return list(blobs().resolve("uploads"));
    }

    /** The ids of every committed blob. */
    List<String> blobIds() {
        Path files = blobs().resolve("files");
        if (!Files.isDirectory(files)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(files)) {
            return walk.filter(Files::isRegularFile).map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The committed blob of {@code id}. */
    Path blob(String id) {
        return blobs().resolve("files").resolve(id.substring(0, 2)).resolve(id);
    }

    /** Each row of the files table: id to {size, uploaded, expiry}. */
    Map<String, long[]> rows() {
        Map<String, long[]> rows = new HashMap<>();
        if (!Files.exists(root.resolve("quicfiles.db"))) {
            return rows;
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("open_mode", "1"); // SQLITE_OPEN_READONLY
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + root.resolve("quicfiles.db"), readOnly);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT id, size, uploaded, expiry FROM files")) {
            while (result.next()) {
                rows.put(result.getString(1), new long[] {result.getLong(2), result.getLong(3), result.getLong(4)});
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read " + root.resolve("quicfiles.db"), e);
        }
        return rows;
    }

    private static List<String> list(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

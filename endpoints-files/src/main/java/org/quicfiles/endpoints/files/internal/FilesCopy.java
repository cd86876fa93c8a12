package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;
import org.quicfiles.api.FileInfo;
import org.quicfiles.plugin.support.sql.SchemaMigrations;
import org.quicfiles.plugin.support.sql.UrlDataSource;

/**
 * {@code files copy}: makes the files table of a target database (PostgreSQL, for
 * {@code quicfiles migrate}) equal to the source's rows whose blob the target store holds. Rows are
 * copied as they are (size, upload time, expiry: an extend or {@code files rm} on the source shows up
 * at the next pass); target rows that the source no longer has, or whose blob the target lacks, are
 * deleted. The source is only read (SQLite read-only). Repeatable: a second pass over an unchanged
 * source changes nothing. The target's table is created by this plugin's own migrations first.
 *
 * <pre>
 * files copy --to JDBC-URL [--user U] [--password P] --only IDS-FILE --database SOURCE-URL
 * </pre>
 *
 * IDS-FILE lists, one a line, the ids whose blob the target store holds. Output: one summary line
 * {@code rows: N in the target (A new, C changed, U unchanged), D deleted, S without a blob in the
 * target}. The target must not be served while this runs (decision note 0424).
 */
final class FilesCopy {
    static final String USAGE = "usage: files copy --to JDBC-URL [--user USER] [--password PASSWORD] --only IDS-FILE";

    private static final int BATCH = 500;

    private FilesCopy() {
    }

    static int run(PrintWriter out, PrintWriter err, String... args) {
        String to = null;
        String user = null;
        String password = null;
        Path only = null;
        String database = null;
        try {
            for (int i = 1; i < args.length; i++) {
                String arg = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("unexpected argument '" + arg + "' for copy");
                }
                String value = args[++i];
                switch (arg) {
                    case "--to" -> to = value;
                    case "--user" -> user = value;
                    case "--password" -> password = value;
                    case "--only" -> only = Path.of(value);
                    case "--database" -> database = value;
                    default -> throw new IllegalArgumentException("unknown option '" + arg + "' for copy");
                }
            }
            if (to == null || only == null || database == null) {
                throw new IllegalArgumentException("copy needs --to, --only and --database");
            }
        } catch (IllegalArgumentException e) {
            err.println("files: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            Set<String> present = new HashSet<>(Files.readAllLines(only, StandardCharsets.US_ASCII));
            present.remove("");
            UrlDataSource target = new UrlDataSource(to, Optional.ofNullable(user), Optional.ofNullable(password));
            SchemaMigrations.migrate(target, FilesTable.COMPONENT, FilesTable.MIGRATIONS);
            out.println(copy(database, target, present));
            return 0;
        } catch (IOException e) {
            err.println("files: cannot read " + only + ": " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            // not the URLs: they may carry a password
            err.println("files: copy failed: " + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip());
            return 1;
        }
    }

    private static String copy(String source, DataSource target, Set<String> present) throws SQLException {
        String readOnly = source.startsWith("jdbc:sqlite:") && !source.contains("?") ? source + "?open_mode=1" : source;
        Map<String, FileInfo> before = new HashMap<>();
        long added = 0;
        long changed = 0;
        long unchanged = 0;
        long withoutBlob = 0;
        try (Connection into = target.getConnection()) {
            try (PreparedStatement query = into.prepareStatement("SELECT id, size, uploaded, expiry FROM files");
                 ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    before.put(rows.getString(1), new FileInfo(rows.getString(1), rows.getLong(2), rows.getLong(3),
                            rows.getLong(4)));
                }
            }
            into.setAutoCommit(false);
            try (Connection from = DriverManager.getConnection(readOnly);
                 PreparedStatement query = from.prepareStatement("SELECT id, size, uploaded, expiry FROM files");
                 PreparedStatement upsert = into.prepareStatement("INSERT INTO files (id, size, uploaded, expiry) "
                         + "VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET size = excluded.size, "
                         + "uploaded = excluded.uploaded, expiry = excluded.expiry")) {
                // one read transaction: every row as of one moment, while the old server goes on writing (WAL)
                from.setAutoCommit(false);
                int batched = 0;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        FileInfo row = new FileInfo(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
                        if (!present.contains(row.id())) {
                            withoutBlob++;
                            continue;
                        }
                        FileInfo old = before.remove(row.id());
                        if (row.equals(old)) {
                            unchanged++;
                            continue;
                        }
                        if (old == null) {
                            added++;
                        } else {
                            changed++;
                        }
                        upsert.setString(1, row.id());
                        upsert.setLong(2, row.size());
                        upsert.setLong(3, row.uploaded());
                        upsert.setLong(4, row.expiry());
                        upsert.addBatch();
                        if (++batched == BATCH) {
                            upsert.executeBatch();
                            batched = 0;
                        }
                    }
                }
                if (batched > 0) {
                    upsert.executeBatch();
                }
                from.rollback();
            }
            // what is left was deleted on the source (expired and removed by its deleter) or lost its blob
            try (PreparedStatement delete = into.prepareStatement("DELETE FROM files WHERE id = ?")) {
                int batched = 0;
                for (String id : before.keySet()) {
                    delete.setString(1, id);
                    delete.addBatch();
                    if (++batched == BATCH) {
                        delete.executeBatch();
                        batched = 0;
                    }
                }
                if (batched > 0) {
                    delete.executeBatch();
                }
            }
            into.commit();
        }
        return "rows: " + (added + changed + unchanged) + " in the target (" + added + " new, " + changed + " changed, "
                + unchanged + " unchanged), " + before.size() + " deleted, " + withoutBlob + " without a blob in the target";
    }
}

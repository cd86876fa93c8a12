package org.quicfiles.endpoints.files.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.spi.ToolProvider;
import org.quicfiles.api.FileInfo;

/**
 * The operator's view of the files table, as a {@link ToolProvider} named {@code files}, so that the
 * app offers {@code quicfiles files list|info|rm|stats} without reading this plugin's table:
 *
 * <pre>
 * files list [--all] [--limit N] [--json] --database JDBC-URL
 * files info ID [--json] --database JDBC-URL
 * files rm ID... [--json] --database JDBC-URL
 * files stats [--json] --database JDBC-URL
 * files copy --to JDBC-URL [--user U] [--password P] --only IDS-FILE --database JDBC-URL
 * </pre>
 *
 * <p>It works on the database of a running server as well as a stopped one (decision note 0416):
 * {@code list}, {@code info} and {@code stats} only read (an SQLite database is opened read-only, a
 * WAL reader beside the server); {@code rm} never touches a blob, it moves the row's expiry to now,
 * so the file is no longer served and the server's expiry deleter removes row and blob together
 * under its own per-id lock, exactly as for a file whose time ran out. {@code copy} is
 * {@code quicfiles migrate}'s half that knows the table ({@link FilesCopy}, note 0424). Exit codes: 0 done, 1 a file
 * not found or the database failed, 2 bad usage.
 */
public final class FilesTool implements ToolProvider {
    static final String USAGE = """
            usage: files list [--all] [--limit N] [--json]
                   files info ID [--json]
                   files rm ID... [--json]
                   files stats [--json]
                   files copy --to JDBC-URL [--user USER] [--password PASSWORD] --only IDS-FILE""";

    /** Created on first JSON output: the tool is instantiated with the plugin by every command, serve and plugins included. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private static final java.util.regex.Pattern DASH_ID = java.util.regex.Pattern.compile("-[A-Za-z0-9_-]{43}");

    private final Clock clock;

    /** Used by {@link java.util.ServiceLoader}. */
    public FilesTool() {
        this(Clock.systemUTC());
    }

    FilesTool(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return FilesEndpointProvider.NAME;
    }

    @Override
    public Optional<String> description() {
        return Optional.of("lists, inspects, removes stored files and sums them up (list, info, rm, stats); copy: the rows half of quicfiles migrate");
    }

    /** The parsed command line. */
    private record Request(String command, List<String> ids, boolean all, boolean json, long limit, String database) {
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        try {
            if (args.length > 0 && args[0].equals("copy")) {
                return FilesCopy.run(out, err, args);
            }
            Request request;
            try {
                request = parse(args);
            } catch (IllegalArgumentException e) {
                err.println("files: " + e.getMessage());
                err.println(USAGE);
                return 2;
            }
            try {
                return switch (request.command()) {
                    case "list" -> list(out, request);
                    case "info" -> info(out, err, request);
                    case "rm" -> remove(out, err, request);
                    case "stats" -> stats(out, request);
                    default -> throw new IllegalStateException(request.command());
                };
            } catch (SQLException e) {
                // Not the URL: it may carry a password.
                err.println("files: database failed: " + oneLine(e.getMessage()));
                return 1;
            } catch (MissingTable e) {
                err.println("files: " + e.getMessage());
                return 1;
            }
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static Request parse(String... args) {
        if (args.length == 0) {
            throw new IllegalArgumentException("missing command (list, info, rm or stats)");
        }
        String command = args[0];
        if (!List.of("list", "info", "rm", "stats").contains(command)) {
            throw new IllegalArgumentException("unknown command '" + command + "'");
        }
        List<String> ids = new ArrayList<>();
        boolean all = false;
        boolean json = false;
        long limit = Long.MAX_VALUE;
        String database = null;
        boolean idsOnly = false;
        for (int i = 1; i < args.length; i++) {
            String arg = args[i];
            // a content id starts with '-' one time in 64; it is an id, not an unknown option
            if (idsOnly || !arg.startsWith("-") || DASH_ID.matcher(arg).matches()) {
                ids.add(arg);
            } else if (arg.equals("--")) {
                idsOnly = true;
            } else if (arg.equals("--json")) {
                json = true;
            } else if (arg.equals("--all") && command.equals("list")) {
                all = true;
            } else if (arg.equals("--limit") && command.equals("list") && i + 1 < args.length) {
                limit = positive(args[++i]);
            } else if (arg.equals("--database") && i + 1 < args.length && database == null) {
                database = args[++i];
            } else {
                throw new IllegalArgumentException("unknown option '" + arg + "' for " + command);
            }
        }
        if (database == null) {
            throw new IllegalArgumentException("missing --database JDBC-URL");
        }
        boolean takesIds = command.equals("info") || command.equals("rm");
        if (takesIds && ids.isEmpty()) {
            throw new IllegalArgumentException(command + " needs a file id");
        }
        if (command.equals("info") && ids.size() > 1 || !takesIds && !ids.isEmpty()) {
            throw new IllegalArgumentException("unexpected argument '" + ids.get(takesIds ? 1 : 0) + "' for " + command);
        }
        return new Request(command, ids, all, json, limit, database);
    }

    private static long positive(String text) {
        try {
            long value = Long.parseLong(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IllegalArgumentException("--limit: '" + text + "' is not a positive number");
    }

    private int list(PrintWriter out, Request request) throws SQLException {
        long now = now();
        try (Connection connection = open(request.database(), true);
             PreparedStatement query = connection.prepareStatement("SELECT id, size, uploaded, expiry FROM files"
                     + (request.all() ? "" : " WHERE expiry > ?") + " ORDER BY uploaded, id")) {
            if (!request.all()) {
                query.setLong(1, now);
            }
            query.setMaxRows(request.limit() > Integer.MAX_VALUE ? 0 : (int) request.limit());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    FileInfo file = new FileInfo(rows.getString(1), rows.getLong(2), rows.getLong(3), rows.getLong(4));
                    out.println(request.json() ? json(file, now) : line(file, now));
                }
            }
        }
        return 0;
    }

    private int info(PrintWriter out, PrintWriter err, Request request) throws SQLException {
        long now = now();
        String id = request.ids().getFirst();
        Optional<FileInfo> found;
        try (Connection connection = open(request.database(), true)) {
            found = FilesTable.find(connection, id);
        }
        if (found.isEmpty()) {
            return notFound(out, err, request, id);
        }
        FileInfo file = found.get();
        if (request.json()) {
            out.println(json(file, now));
        } else {
            out.println("id        " + file.id());
            out.println("size      " + file.size());
            out.println("uploaded  " + Instant.ofEpochSecond(file.uploaded()));
            out.println("expires   " + Instant.ofEpochSecond(file.expiry()));
            out.println("state     " + state(file, now));
        }
        return 0;
    }

    private int remove(PrintWriter out, PrintWriter err, Request request) throws SQLException {
        int missing = 0;
        try (Connection connection = open(request.database(), false);
             PreparedStatement expire = connection.prepareStatement(
                     "UPDATE files SET expiry = ? WHERE id = ? AND expiry > ?")) {
            for (String id : request.ids()) {
                long now = now();
                expire.setLong(1, now);
                expire.setString(2, id);
                expire.setLong(3, now);
                if (expire.executeUpdate() == 1) {
                    out.println(request.json() ? Json.MAPPER.createObjectNode().put("id", id).put("removed", true).toString()
                            : "removed " + id);
                } else {
                    notFound(out, err, request, id);
                    missing++;
                }
            }
        }
        return missing == 0 ? 0 : 1;
    }

    private int stats(PrintWriter out, Request request) throws SQLException {
        long now = now();
        try (Connection connection = open(request.database(), true);
             PreparedStatement query = connection.prepareStatement("SELECT "
                     + "COUNT(CASE WHEN expiry > ? THEN 1 END), COALESCE(SUM(CASE WHEN expiry > ? THEN size END), 0), "
                     + "COUNT(CASE WHEN expiry <= ? THEN 1 END), COALESCE(SUM(CASE WHEN expiry <= ? THEN size END), 0), "
                     + "MAX(CASE WHEN expiry > ? THEN size END), MIN(CASE WHEN expiry > ? THEN uploaded END), "
                     + "MAX(CASE WHEN expiry > ? THEN uploaded END), MIN(CASE WHEN expiry > ? THEN expiry END) FROM files")) {
            for (int i = 1; i <= 8; i++) {
                query.setLong(i, now);
            }
            try (ResultSet row = query.executeQuery()) {
                row.next();
                long files = row.getLong(1);
                ObjectNode stats = Json.MAPPER.createObjectNode()
                        .put("files", files).put("bytes", row.getLong(2))
                        .put("expired", row.getLong(3)).put("expiredBytes", row.getLong(4));
                if (files > 0) {
                    stats.put("largest", row.getLong(5)).put("oldestUpload", row.getLong(6))
                            .put("newestUpload", row.getLong(7)).put("nextExpiry", row.getLong(8));
                }
                if (request.json()) {
                    out.println(stats);
                    return 0;
                }
                out.println("files         " + files);
                out.println("bytes         " + stats.get("bytes").asLong());
                out.println("expired       " + stats.get("expired").asLong() + " (" + stats.get("expiredBytes").asLong()
                        + " bytes; the expiry deleter removes them)");
                if (files > 0) {
                    out.println("largest       " + stats.get("largest").asLong());
                    out.println("oldest upload " + Instant.ofEpochSecond(stats.get("oldestUpload").asLong()));
                    out.println("newest upload " + Instant.ofEpochSecond(stats.get("newestUpload").asLong()));
                    out.println("next expiry   " + Instant.ofEpochSecond(stats.get("nextExpiry").asLong()));
                }
                return 0;
            }
        }
    }

    private static int notFound(PrintWriter out, PrintWriter err, Request request, String id) {
        if (request.json()) {
            out.println(Json.MAPPER.createObjectNode().put("id", id).put("error", "NOT_FOUND").toString());
        }
        err.println("files: no file " + id);
        return 1;
    }

    /** One line of {@code list}: id, size, uploaded, expires (ISO-8601 UTC), state; separated by spaces. */
    private static String line(FileInfo file, long now) {
        return String.format("%-44s %12d %-20s %-20s %s", file.id(), file.size(), Instant.ofEpochSecond(file.uploaded()),
                Instant.ofEpochSecond(file.expiry()), state(file, now));
    }

    /** The fields of the client's {@code info --json} (unix seconds), plus the state. */
    private static String json(FileInfo file, long now) {
        return Json.MAPPER.createObjectNode().put("id", file.id()).put("size", file.size()).put("uploaded", file.uploaded())
                .put("expires", file.expiry()).put("state", state(file, now)).toString();
    }

    private static String state(FileInfo file, long now) {
        return file.expiry() > now ? "live" : "expired";
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    /** The database has no files table: this plugin never ran on it. */
    private static final class MissingTable extends RuntimeException {
        @java.io.Serial
        private static final long serialVersionUID = 1L;

        MissingTable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Opens the database; a read-only SQLite connection for the commands that only read, so that a
     * missing database file is reported rather than created.
     */
    private static Connection open(String url, boolean readOnly) throws SQLException {
        String target = readOnly && url.startsWith("jdbc:sqlite:") && !url.contains("?") ? url + "?open_mode=1" : url;
        Connection connection;
        try {
            connection = DriverManager.getConnection(target);
        } catch (SQLException e) {
            if (url.startsWith("jdbc:sqlite:") && e.getErrorCode() == 14) { // SQLITE_CANTOPEN
                throw new MissingTable("no database at " + url.substring("jdbc:sqlite:".length())
                        + " (has a server run on this data folder?)");
            }
            throw e;
        }
        try (ResultSet tables = connection.getMetaData().getTables(null, null, "files", null)) {
            if (!tables.next()) {
                connection.close();
                throw new MissingTable("the database holds no files table (the files plugin has not run on it)");
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}

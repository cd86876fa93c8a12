package org.quicfiles.endpoints.token.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import java.util.spi.ToolProvider;
import org.quicfiles.plugin.support.sql.UrlDataSource;

/**
 * The operator's side of the plugin, as a {@link ToolProvider} named {@code token}, so that the app
 * can offer {@code quicfiles token import FILE.json} without importing this module:
 *
 * <pre>token import --database JDBC-URL FILE.json</pre>
 *
 * <p>The document is checked whole, then stored in one transaction; a malformed file prints one
 * line on {@code err}, exits with 1 and leaves the previous statistics intact. Exit codes: 0 done,
 * 1 the file or the database failed, 2 bad usage.
 */
public final class TokenTool implements ToolProvider {
    private static final String USAGE = "usage: token import --database JDBC-URL FILE.json";

    /** Used by {@link java.util.ServiceLoader}. */
    public TokenTool() {
    }

    @Override
    public String name() {
        return "token";
    }

    @Override
    public Optional<String> description() {
        return Optional.of("imports token statistics (JSON) into the quicfiles database");
    }

    @Override
    public int run(PrintWriter out, PrintWriter err, String... args) {
        String database = null;
        String file = null;
        boolean importCommand = args.length > 0 && args[0].equals("import");
        for (int i = 1; importCommand && i < args.length; i++) {
            if (args[i].equals("--database") && i + 1 < args.length && database == null) {
                database = args[++i];
            } else if (args[i].startsWith("--database=") && database == null) {
                database = args[i].substring("--database=".length());
            } else if (!args[i].startsWith("--") && file == null) {
                file = args[i];
            } else {
                importCommand = false;
            }
        }
        if (!importCommand || database == null || file == null) {
            err.println(USAGE);
            err.flush();
            return 2;
        }
        return importFile(out, err, database, file);
    }

    private static int importFile(PrintWriter out, PrintWriter err, String database, String file) {
        UrlDataSource connections = new UrlDataSource(database);
        try {
            TokenStore.migrate(connections);
            TokenStatistics loaded = new TokenImporter(new TokenStore(connections), Clock.systemUTC())
                    .importFile(Path.of(file));
            out.println("token: imported " + file + " (" + loaded.history().size() + " history samples)");
            return 0;
        } catch (InvalidStatisticsException e) {
            err.println("token: " + file + " not imported, previous statistics kept: " + e.getMessage());
            return 1;
        } catch (IOException | java.nio.file.InvalidPathException e) {
            err.println("token: cannot read " + file + ": " + e.getMessage());
            return 1;
        } catch (SQLException e) {
            // Not the URL: it may carry a password.
            err.println("token: database failed, nothing imported: " + oneLine(e.getMessage()));
            return 1;
        } finally {
            out.flush();
            err.flush();
        }
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }
}

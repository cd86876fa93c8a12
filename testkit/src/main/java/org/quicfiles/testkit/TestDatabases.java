package org.quicfiles.testkit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.quicfiles.api.spi.ServerContext.SqlDialect;

/**
 * The database a plugin test runs on, chosen for the whole test JVM by the system property
 * {@value #PROPERTY}: {@code sqlite} (the default; a WAL SQLite file in the test's folder) or
 * {@code postgresql} (a database of the JVM's {@link PostgresServer#shared() PostgreSQL test
 * server}). A plugin module runs its suite on both with two surefire executions, the second
 * setting {@code -Dquicfiles.test.database=postgresql}.
 *
 * <p>The database belongs to a folder: the same folder always gives the same database (as the
 * same SQLite file would), so a test that starts a plugin twice over one folder sees its rows again.
 */
public final class TestDatabases {
    /** The system property choosing the database: {@code sqlite} or {@code postgresql}. */
    public static final String PROPERTY = "quicfiles.test.database";

    /** Idle PostgreSQL connections kept per database: opening one costs a server process. */
    private static final int KEPT_CONNECTIONS = 2;
    /** PostgreSQL databases made for folders, dropped once their folder is gone (a finished test's). */
    private static final Map<String, Made> MADE = new HashMap<>();

    private record Made(Path folder, ReusedConnections connections) {
    }

    private TestDatabases() {
    }

    /**
     * A database and its dialect.
     *
     * @param dataSource SQLite: opens a new connection per call; PostgreSQL: keeps a few idle
     *        connections for reuse (opening one starts a server process), shared by every caller
     *        for the same folder
     * @param dialect the SQL it speaks
     */
    public record TestDatabase(DataSource dataSource, SqlDialect dialect) {
        /** Checks the fields. */
        public TestDatabase {
            Objects.requireNonNull(dataSource, "dataSource");
            Objects.requireNonNull(dialect, "dialect");
        }
    }

    /**
     * The dialect chosen by {@value #PROPERTY}.
     *
     * @throws IllegalStateException for a value other than {@code sqlite} or {@code postgresql}
     */
    public static SqlDialect dialect() {
        String value = System.getProperty(PROPERTY, "sqlite").strip().toLowerCase(Locale.ROOT);
        return switch (value) {
            case "", "sqlite" -> SqlDialect.SQLITE;
            case "postgresql", "postgres" -> SqlDialect.POSTGRESQL;
            default -> throw new IllegalStateException("-D" + PROPERTY + "=" + value + ": expected sqlite or postgresql");
        };
    }

    /**
     * The chosen database for {@code folder}: the SQLite file {@code folder/meta.sqlite}, or the
     * PostgreSQL database named after the folder's absolute path.
     */
    public static TestDatabase forFolder(Path folder) {
        return forFolder(folder, "meta.sqlite");
    }

    /** As {@link #forFolder(Path)}, with the SQLite file named {@code sqliteFile}. */
    public static TestDatabase forFolder(Path folder, String sqliteFile) {
        return switch (dialect()) {
            case SQLITE -> new TestDatabase(SqliteDataSources.wal(folder.resolve(sqliteFile)), SqlDialect.SQLITE);
            case POSTGRESQL -> new TestDatabase(postgresFor(folder, sqliteFile), SqlDialect.POSTGRESQL);
        };
    }

    /**
     * The JDBC URL of {@link #forFolder(Path)}'s database, for code that takes a URL (an operator
     * tool run by the test): {@code jdbc:sqlite:FOLDER/meta.sqlite} or the PostgreSQL database's URL.
     */
    public static String jdbcUrl(Path folder) {
        return jdbcUrl(folder, "meta.sqlite");
    }

    /** As {@link #jdbcUrl(Path)}, for {@link #forFolder(Path, String)}'s database. */
    public static String jdbcUrl(Path folder, String sqliteFile) {
        return switch (dialect()) {
            case SQLITE -> "jdbc:sqlite:" + folder.resolve(sqliteFile).toAbsolutePath();
            case POSTGRESQL -> {
                postgresFor(folder, sqliteFile);
                yield PostgresServer.shared().url(nameFor(folder, sqliteFile));
            }
        };
    }

    private static synchronized DataSource postgresFor(Path folder, String sqliteFile) {
        PostgresServer server = PostgresServer.shared();
        // a database is ~7 MB of files: keep only those whose test may still run
        for (Iterator<Map.Entry<String, Made>> made = MADE.entrySet().iterator(); made.hasNext(); ) {
            Map.Entry<String, Made> entry = made.next();
            Path gone = entry.getValue().folder();
            if (!Files.exists(gone) && (gone.getParent() == null || !Files.exists(gone.getParent()))) {
                try {
                    entry.getValue().connections().close();
                } catch (SQLException e) {
                    // the drop below closes what is left
                }
                server.drop(entry.getKey());
                made.remove();
            }
        }
        String name = nameFor(folder, sqliteFile);
        return MADE.computeIfAbsent(name, key -> new Made(folder.toAbsolutePath(),
                new ReusedConnections(server.database(key), KEPT_CONNECTIONS))).connections();
    }

    private static String nameFor(Path folder, String file) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    folder.resolve(file).toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8));
            return "t" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

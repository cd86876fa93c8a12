package org.quicfiles.app.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.spi.ToolProvider;
import org.quicfiles.api.Config;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.app.StartupException;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.config.ConfigLayers;
import org.quicfiles.app.internal.config.Setting;
import org.quicfiles.app.internal.db.MetadataDatabase;
import org.quicfiles.app.internal.db.PostgresDatabase;
import org.quicfiles.app.internal.migrate.BlobCopy;
import org.quicfiles.app.internal.plugins.LoadedPlugin;
import org.quicfiles.app.internal.plugins.PluginLoader;
import org.quicfiles.app.internal.runtime.ProviderChoice;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code quicfiles migrate}: copies an embedded installation (the data folder's SQLite database and
 * local blobs, only read) into the backend that {@code serve} would use with the same
 * {@code --database}/{@code --storage}/{@code -D storage.…} settings: PostgreSQL and object storage.
 * Repeatable: each pass copies only what the target lacks and makes the target's rows equal to the
 * source's, so a pass after stopping the old server is short (decision note 0424).
 */
@Command(name = "migrate", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Copies the data folder's files (SQLite rows + local blobs) into PostgreSQL (--database) and"
                + " object storage (--storage s3 -D storage.s3.*), verifying each blob's content id. Run it while the"
                + " old server serves, again after stopping it (the final pass copies only what changed), then start"
                + " front ends on the new backend.",
        footer = {"", "Exit 0: migrated; 1: a blob did not match its content id (not migrated) or a step failed."})
public final class MigrateCommand implements Callable<Integer> {
    /** The local providers: a source, never a target. */
    private static final List<String> LOCAL = List.of("nio", "uring");

    @ParentCommand
    QuicFilesCommand parent;

    @Mixin
    ServerOptions server;

    @Option(names = "--database", paramLabel = "JDBC-URL", description = "The target PostgreSQL (database.url).")
    String database;

    @Option(names = "--storage", paramLabel = "NAME", description = "The target storage provider, e.g. s3 (storage.provider).")
    String storage;

    @Option(names = "--from-blobs", paramLabel = "DIR",
            description = "The old server's blob folder (default: <data>/blobs, or storage.directory of the config).")
    Path fromBlobs;

    @Override
    public Integer call() throws Exception {
        long started = System.nanoTime();
        Map<String, Setting> flags = new HashMap<>();
        if (database != null) {
            flags.put(ConfigKeys.DATABASE_URL, new Setting(database, "--database"));
        }
        if (storage != null) {
            flags.put(ConfigKeys.STORAGE_PROVIDER, new Setting(storage, "--storage"));
        }
        ConfigLayers layers = server.layers(parent.environment(), flags);
        Config config = layers.merge();
        Path data = Path.of(config.get(ConfigKeys.DATA_DIR, ConfigKeys.DEFAULT_DATA_DIR));
        Path sqlite = data.resolve(ConfigKeys.DATABASE_FILE);
        if (!Files.isRegularFile(sqlite)) {
            throw new StartupException("no database at " + sqlite + " (pass --data, the old server's data folder)");
        }
        Path blobs = Optional.ofNullable(fromBlobs).or(() -> config.get(ConfigKeys.STORAGE_DIR).map(Path::of))
                .orElse(data.resolve("blobs"));
        if (!Files.isDirectory(blobs)) {
            throw new StartupException("no blob folder at " + blobs + " (pass --from-blobs)");
        }
        String url = MetadataDatabase.url(config).orElseThrow(
                () -> new StartupException(ConfigKeys.DATABASE_URL + " is not set: migrate needs the target"
                        + " PostgreSQL (--database jdbc:postgresql://HOST[:PORT]/DATABASE)"));
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new StartupException(ConfigKeys.DATABASE_URL + " (" + origin(layers, ConfigKeys.DATABASE_URL) + "): '"
                    + PostgresDatabase.withoutParameters(url) + "' is not a PostgreSQL JDBC URL");
        }
        String providerName = config.get(ConfigKeys.STORAGE_PROVIDER).filter(value -> !value.isBlank()).orElseThrow(
                () -> new StartupException(ConfigKeys.STORAGE_PROVIDER + " is not set: migrate needs the target"
                        + " storage (--storage s3 -D storage.s3.bucket=…)"));
        if (LOCAL.contains(providerName)) {
            throw new StartupException(ConfigKeys.STORAGE_PROVIDER + " (" + origin(layers, ConfigKeys.STORAGE_PROVIDER)
                    + "): " + providerName + " is local storage; migrate copies into object storage (--storage s3)");
        }
        List<StorageProvider> storages = ProviderChoice.STORAGE.load(MigrateCommand.class.getModule().getLayer());
        StorageProvider targetProvider = ProviderChoice.STORAGE.choose(storages, config);
        StorageProvider sourceProvider = ProviderChoice.STORAGE.choose(storages,
                new Config(Map.of(ConfigKeys.STORAGE_PROVIDER, "nio")));
        for (String key : new TreeSet<>(config.values().keySet())) {
            if (key.startsWith("storage.") && !ConfigKeys.SERVER_KEYS.contains(key)
                    && !targetProvider.configKeys().contains(key.substring("storage.".length()))) {
                throw new StartupException(key + " (" + origin(layers, key) + "): the storage " + providerName
                        + " does not read it");
            }
        }
        ToolProvider files = filesTool(config);

        PrintWriter out = parent.out();
        PrintWriter err = parent.err();
        // the pool is opened only to fail early, in the server's words, when PostgreSQL cannot be used
        try (PostgresDatabase check = PostgresDatabase.open(url, config.get(ConfigKeys.DATABASE_USER),
                config.get(ConfigKeys.DATABASE_PASSWORD), 1)) {
            long serving = otherServers(check);
            if (serving > 0) {
                throw new StartupException(ConfigKeys.DATABASE_URL + " (" + origin(layers, ConfigKeys.DATABASE_URL)
                        + "): " + serving + " connection" + (serving == 1 ? "" : "s") + " of quicfiles servers use "
                        + check.where() + "; migrate must be the target's only writer (stop its front ends first)");
            }
            err.println("migrate: " + data + " (" + sqlite.getFileName() + ", blobs " + blobs + ") -> PostgreSQL at "
                    + check.where() + ", storage " + providerName);
        } catch (java.sql.SQLException e) {
            throw new StartupException(ConfigKeys.DATABASE_URL + " (" + origin(layers, ConfigKeys.DATABASE_URL)
                    + "): cannot use PostgreSQL at " + PostgresDatabase.withoutParameters(url) + ": "
                    + String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip(), e);
        }
        BlobCopy.Report report;
        try (BlobStore source = sourceProvider.open(new StorageContext(blobs, Config.empty(),
                     System.getLogger("org.quicfiles.migrate.source")));
             BlobStore target = targetProvider.open(new StorageContext(blobs, config.section("storage"),
                     System.getLogger("org.quicfiles.storage." + providerName)))) {
            report = new BlobCopy(source, target, err).run(true);
        } catch (IllegalArgumentException e) {
            throw new StartupException("storage " + providerName + ": " + e.getMessage(), e);
        }
        Path ids = Files.createTempFile("quicfiles-migrate", ".ids");
        String rows;
        try {
            Files.write(ids, report.present(), StandardCharsets.US_ASCII);
            List<String> arguments = new java.util.ArrayList<>(List.of("copy", "--to", url, "--only", ids.toString()));
            config.get(ConfigKeys.DATABASE_USER).ifPresent(user -> arguments.addAll(List.of("--user", user)));
            config.get(ConfigKeys.DATABASE_PASSWORD).ifPresent(secret -> arguments.addAll(List.of("--password", secret)));
            arguments.addAll(List.of("--database", "jdbc:sqlite:" + sqlite.toAbsolutePath()));
            StringWriter toolOut = new StringWriter();
            int code = files.run(new PrintWriter(toolOut), err, arguments.toArray(String[]::new));
            if (code != 0) {
                return 1;
            }
            rows = toolOut.toString().strip();
        } finally {
            Files.deleteIfExists(ids);
        }
        err.println("migrate: " + rows);
        long millis = (System.nanoTime() - started) / 1_000_000;
        out.println("migrated " + report.present().size() + " files (" + report.copied() + " copied, "
                + report.copiedBytes() + " bytes; " + report.alreadyThere() + " already there), skipped "
                + report.vanished() + " deleted during the copy, " + report.mismatches().size() + " mismatches, "
                + report.pruned() + " removed from the target, in " + millis + " ms");
        out.flush();
        err.flush();
        return report.mismatches().isEmpty() ? 0 : 1;
    }

    /**
     * Connections of other quicfiles processes to the target database (servers name their pool's
     * connections {@code quicfiles}): a pass deletes rows and blobs the source lacks, which would
     * pull files from under a front end already serving the target.
     */
    private static long otherServers(PostgresDatabase database) throws java.sql.SQLException {
        try (java.sql.Connection connection = database.dataSource().getConnection();
             java.sql.PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity"
                     + " WHERE datname = current_database() AND application_name = 'quicfiles' AND pid <> pg_backend_pid()");
             java.sql.ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String origin(ConfigLayers layers, String key) {
        return layers.origins().getOrDefault(key, "configuration");
    }

    /** The files plugin's tool, which owns the files table. */
    private static ToolProvider filesTool(Config config) throws StartupException, IOException {
        Path folder = Path.of(config.get(ConfigKeys.PLUGINS_DIR).orElseThrow());
        if (!Files.isDirectory(folder)) {
            throw new StartupException("plugins folder " + folder + " does not exist");
        }
        return PluginLoader.forApplication(MigrateCommand.class).load(folder).loaded().stream()
                .map(LoadedPlugin::tools).map(tools -> tools.get("files")).filter(tool -> tool != null).findFirst()
                .orElseThrow(() -> new StartupException("no files plugin in " + folder + ": its tool copies the files"
                        + " table"));
    }
}

package org.quicfiles.app.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.quicfiles.api.Config;
import org.quicfiles.app.internal.config.ConfigKeys;
import org.quicfiles.app.internal.data.Backup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code quicfiles backup TARGET}: a consistent copy of a data folder, its server running or not
 * ({@link Backup}); restoring is copying TARGET into place as the data folder.
 */
@Command(name = "backup", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Backs up a data folder (its server may be running) into a new folder TARGET: a snapshot of the"
                + " database, the key, the blobs and the plugins' folders. Restore by copying TARGET into place as"
                + " the data folder while the server is stopped.",
        footer = {"", "Blobs are copied after the database snapshot; the first start on a restored folder drops rows"
                + " whose blob expired meanwhile and blobs newer than the snapshot (files recovery)."})
public final class BackupCommand implements Callable<Integer> {
    @ParentCommand
    QuicFilesCommand parent;

    @Mixin
    ServerOptions server;

    @Parameters(paramLabel = "TARGET", description = "The backup folder to create; it must not exist.")
    Path target;

    @Override
    public Integer call() throws Exception {
        Config config = server.merge(parent.environment(), Map.of());
        Path data = Path.of(config.get(ConfigKeys.DATA_DIR, ConfigKeys.DEFAULT_DATA_DIR));
        Path key = config.get(ConfigKeys.KEY_FILE).map(Path::of).orElse(data.resolve("key"));
        Path blobs = config.get(ConfigKeys.STORAGE_DIR).map(Path::of).orElse(data.resolve("blobs"));
        Backup.Report report = new Backup(data, data.resolve(ConfigKeys.DATABASE_FILE), key, blobs).writeTo(target);
        parent.out().println("backup of " + data + " in " + target + ": database snapshot " + report.databaseBytes()
                + " bytes, key, " + report.blobs() + " blob" + (report.blobs() == 1 ? "" : "s") + " (" + report.blobBytes()
                + " bytes)" + (report.vanished() > 0 ? ", " + report.vanished() + " deleted during the copy (expired; their"
                + " rows are dropped when a server starts on the restored folder)" : ""));
        parent.out().flush();
        return 0;
    }
}

package org.quicfiles.app.internal.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardOpenOption;
import java.nio.channels.FileChannel;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.Set;
import org.quicfiles.app.StartupException;

/**
 * A backup of a data folder, taken while its server runs or not (decision note 0417). The target
 * is a new folder laid out as a data folder, so restoring is copying it into place:
 * <pre>
 * TARGET/quicfiles.db    a consistent snapshot of the database (SQLite VACUUM INTO, a read transaction)
 * TARGET/key             the identity key
 * TARGET/blobs/          the blob folder's layout marker and committed blobs, copied after the snapshot
 * TARGET/&lt;other&gt;        the rest of the data folder (plugin folders), as found
 * </pre>
 * Blobs are copied after the snapshot: a blob committed since has no row in it, and a blob deleted
 * since (expired) is missing for its row. The files plugin's start-up recovery removes both kinds
 * when a server starts on the restored folder, so the restored server serves exactly the files
 * that were live at the snapshot and still existed when the copy reached them. Unfinished uploads,
 * the lock and the database's {@code -wal}/{@code -shm} files are never copied.
 */
public final class Backup {
    /** Entries of the data folder that the backup writes itself or never copies. */
    private static final Set<String> NOT_COPIED = Set.of(DataFolder.LOCK_FILE, "quicfiles.db-wal", "quicfiles.db-shm",
            "quicfiles.db-journal");

    /**
     * What was copied.
     *
     * @param databaseBytes the snapshot's size
     * @param blobs committed blobs copied
     * @param blobBytes their bytes
     * @param vanished blobs deleted between listing and copying (expired meanwhile), skipped
     */
    public record Report(long databaseBytes, long blobs, long blobBytes, long vanished) {
    }

    private final Path dataDir;
    private final Path database;
    private final Path keyFile;
    private final Path blobDir;

    /**
     * @param dataDir the data folder
     * @param database its SQLite database file
     * @param keyFile the identity key file
     * @param blobDir the storage folder (by default {@code <data>/blobs})
     */
    public Backup(Path dataDir, Path database, Path keyFile, Path blobDir) {
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.database = database.toAbsolutePath().normalize();
        this.keyFile = keyFile.toAbsolutePath().normalize();
        this.blobDir = blobDir.toAbsolutePath().normalize();
    }

    /**
     * Writes the backup into {@code target}, which must not exist; on failure nothing is left of it.
     *
     * @throws StartupException with one line saying what failed
     */
    public Report writeTo(Path target) throws StartupException {
        Objects.requireNonNull(target, "target");
        if (!Files.isDirectory(dataDir)) {
            throw new StartupException("data folder " + dataDir + " does not exist (pass --data)");
        }
        if (!Files.isRegularFile(database)) {
            throw new StartupException("no database " + database + " (has a server run on this data folder?)");
        }
        Path absolute = target.toAbsolutePath().normalize();
        if (absolute.startsWith(dataDir) || absolute.startsWith(blobDir)) {
            throw new StartupException("backup folder " + target + " is inside the data or blob folder; choose one outside");
        }
        try {
            Files.createDirectories(absolute.getParent());
            Files.createDirectory(absolute, DataFolder.privateDirectory());
        } catch (FileAlreadyExistsException e) {
            throw new StartupException("backup folder " + target + " exists; choose a new one");
        } catch (IOException e) {
            throw new StartupException("cannot create backup folder " + target + ": " + DataFolder.reason(e), e);
        }
        try {
            long databaseBytes = snapshot(absolute.resolve(database.getFileName()));
            copyFile(keyFile, absolute.resolve("key"));
            long[] blobs = copyBlobs(absolute.resolve("blobs"));
            copyRest(absolute);
            return new Report(databaseBytes, blobs[0], blobs[1], blobs[2]);
        } catch (IOException | SQLException | RuntimeException e) {
            deleteQuietly(absolute);
            String reason = e instanceof IOException io ? DataFolder.reason(io) : String.valueOf(e.getMessage());
            throw new StartupException("backup failed, nothing kept in " + target + ": " + reason, e);
        }
    }

    /** {@code VACUUM INTO} over a read-only connection: one read transaction, beside a running server. */
    private long snapshot(Path copy) throws IOException, SQLException {
        // created 0600 first: VACUUM INTO writes into an empty file and keeps its mode
        Files.createFile(copy, DataFolder.privateFile());
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database + "?open_mode=1");
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout(60);
            statement.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
        }
        return Files.size(copy);
    }

    /** Copies the marker and the committed blobs ({@code files/}); never {@code uploads/}. */
    private long[] copyBlobs(Path target) throws IOException {
        long[] counts = new long[3];
        Files.createDirectory(target, DataFolder.privateDirectory());
        if (!Files.isDirectory(blobDir)) {
            return counts;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(blobDir)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.equals("uploads")) {
                    Files.createDirectory(target.resolve(name), DataFolder.privateDirectory());
                } else if (name.equals("files")) {
                    copyTree(entry, target.resolve(name), counts);
                } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    copyFile(entry, target.resolve(name)); // the layout marker
                }
            }
        }
        return counts;
    }

    /** The data folder's other entries (plugin folders), skipping what is written above or never copied. */
    private void copyRest(Path target) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dataDir)) {
            for (Path entry : entries) {
                Path absolute = entry.toAbsolutePath().normalize();
                String name = entry.getFileName().toString();
                if (NOT_COPIED.contains(name) || absolute.equals(database) || absolute.equals(keyFile)
                        || absolute.equals(blobDir) || Files.exists(target.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    copyTree(entry, target.resolve(name), new long[3]);
                } else if (Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS)) {
                    copyFile(entry, target.resolve(name));
                }
            }
        }
    }

    /** Copies a folder tree; counts[0] files, counts[1] bytes, counts[2] files that vanished meanwhile. */
    private static void copyTree(Path source, Path target, long[] counts) throws IOException {
        Files.walkFileTree(source, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path directory, BasicFileAttributes attributes) throws IOException {
                Files.createDirectory(target.resolve(source.relativize(directory).toString()), DataFolder.privateDirectory());
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (!attributes.isRegularFile()) {
                    return FileVisitResult.CONTINUE;
                }
                try {
                    counts[1] += copyFile(file, target.resolve(source.relativize(file).toString()));
                    counts[0]++;
                } catch (NoSuchFileException vanished) {
                    counts[2]++; // deleted (expired) since it was listed: its row is dropped at restore
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    counts[2]++;
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
    }

    /** Copies one file into a new file created 0600 (never readable by others, not even briefly); returns its size. */
    private static long copyFile(Path source, Path target) throws IOException {
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ)) {
            try (FileChannel out = FileChannel.open(target, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                    DataFolder.privateFile())) {
                long size = in.size();
                long done = 0;
                while (done < size) {
                    long moved = in.transferTo(done, size - done, out);
                    if (moved <= 0) {
                        break; // the source shrank: blobs never do, other files are copied as found
                    }
                    done += moved;
                }
                return done;
            }
        }
    }

    private static void deleteQuietly(Path folder) {
        try {
            Files.walkFileTree(folder, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                    Files.deleteIfExists(directory);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: the one-line failure names the folder
        }
    }
}

package org.quicfiles.app.internal.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.quicfiles.app.StartupException;

/**
 * The server's data folder, owned by one process: created with mode 0700, refused when group or
 * others may enter it, and locked with an OS file lock on {@code lock} inside it for as long as
 * the server runs. The lock file names its holder (process id, start time), so a second server
 * on the same folder refuses to start with one line naming the first, before it touches anything.
 * The lock is released when the process ends however it ends (the kernel drops it), so a crashed
 * server never leaves a stale lock behind.
 */
public final class DataFolder implements AutoCloseable {
    /** The lock file's name inside the data folder. */
    public static final String LOCK_FILE = "lock";

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private final Path directory;
    private final FileChannel channel;
    private final FileLock lock;

    private DataFolder(Path directory, FileChannel channel, FileLock lock) {
        this.directory = directory;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Creates (mode 0700) or checks the folder, then locks it.
     *
     * @param directory the data folder
     * @throws StartupException if it cannot be created, group or others may use it, or another
     *         process (or another server in this one) holds it
     */
    public static DataFolder open(Path directory) throws StartupException {
        createPrivateDirectory(directory, "data folder");
        Path lockFile = directory.resolve(LOCK_FILE);
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE), PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
        } catch (IOException e) {
            throw new StartupException("cannot open lock file " + lockFile + ": " + reason(e), e);
        }
        try {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new StartupException("data folder " + directory + " is in use by " + holder(channel)
                        + "; stop it or choose another --data folder");
            }
            String holder = "quicfiles process " + ProcessHandle.current().pid() + " (started "
                    + Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS) + ")\n";
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DataFolder(directory, channel, lock);
        } catch (StartupException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StartupException("cannot lock data folder " + directory + ": " + reason(e), e);
        }
    }

    /**
     * Creates {@code directory} (and missing parents) with mode 0700, or checks that an existing one
     * is not open to group or others.
     *
     * @param what names the folder in messages ({@code data folder}, {@code storage folder})
     * @throws StartupException with the reason it cannot be created, or the {@code chmod} to run
     */
    public static void createPrivateDirectory(Path directory, String what) throws StartupException {
        if (!Files.isDirectory(directory)) {
            try {
                Files.createDirectories(directory, privateDirectory());
            } catch (FileAlreadyExistsException e) {
                throw new StartupException("cannot create " + what + " " + directory + ": "
                        + e.getFile() + " exists and is not a folder", e);
            } catch (IOException e) {
                throw new StartupException("cannot create " + what + " " + directory + ": " + reason(e), e);
            }
        }
        PosixFileAttributeView view = Files.getFileAttributeView(directory, PosixFileAttributeView.class);
        if (view == null) {
            return; // no POSIX permissions on this file system
        }
        Set<PosixFilePermission> permissions;
        try {
            permissions = view.readAttributes().permissions();
        } catch (IOException e) {
            throw new StartupException("cannot read the permissions of " + what + " " + directory + ": "
                    + reason(e), e);
        }
        if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
            throw new StartupException(what + " " + directory + " is open to other users ("
                    + PosixFilePermissions.toString(permissions) + "); run: chmod 700 " + directory);
        }
    }

    /** The attribute that creates a file readable and writable by its owner only (0600). */
    public static FileAttribute<Set<PosixFilePermission>> privateFile() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE);
    }

    /** The attribute that creates a folder usable by its owner only (0700). */
    public static FileAttribute<Set<PosixFilePermission>> privateDirectory() {
        return PosixFilePermissions.asFileAttribute(OWNER_ONLY_DIRECTORY);
    }

    /**
     * Creates an empty file with mode 0600 unless it exists, so that a library that creates it
     * later (SQLite) keeps that mode.
     */
    public static void createPrivateFile(Path file) throws StartupException {
        try {
            Files.createFile(file, privateFile());
        } catch (FileAlreadyExistsException e) {
            // kept as it is; the folder around it is private
        } catch (IOException e) {
            throw new StartupException("cannot create " + file + ": " + reason(e), e);
        }
    }

    /** The folder. */
    public Path directory() {
        return directory;
    }

    /** Releases the lock; the lock file stays (removing it would race with a starting server). */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel below releases it too
        }
        closeQuietly(channel);
    }

    private static String holder(FileChannel channel) {
        try {
            ByteBuffer buffer = ByteBuffer.allocate(256);
            channel.read(buffer, 0);
            String text = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "another quicfiles process" : text.lines().findFirst().orElse(text);
        } catch (IOException e) {
            return "another quicfiles process";
        }
    }

    /** An I/O failure's reason in words: what {@code Files} puts in its exceptions is often only a path. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException denied) {
            return "permission denied" + (denied.getFile() != null ? " (" + denied.getFile() + ")" : "");
        }
        if (e instanceof NoSuchFileException missing) {
            return "no such file or folder" + (missing.getFile() != null ? " (" + missing.getFile() + ")" : "");
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason() + (fs.getFile() != null ? " (" + fs.getFile() + ")" : "");
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}

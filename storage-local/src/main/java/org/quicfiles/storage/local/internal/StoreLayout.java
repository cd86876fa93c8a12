package org.quicfiles.storage.local.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * The on-disk layout shared by every local provider, so that a data folder written by one can be
 * served by the other:
 * <pre>
 * &lt;root&gt;/files/&lt;id[0:2]&gt;/&lt;id&gt;   committed blobs
 * &lt;root&gt;/uploads/&lt;random&gt;.part   temporaries, created exclusively
 * &lt;root&gt;/layout-version          the layout's version, {@value #VERSION} (decision note 0418)
 * </pre>
 * Path arithmetic, the directory listings and the version marker; the I/O on blobs belongs to the
 * providers.
 *
 * @param root the data folder the store was opened on
 */
public record StoreLayout(Path root) {
    /** The version of this layout, written to {@link #marker()}; a layout change increments it. */
    public static final int VERSION = 1;

    /** The marker's file name in the root. */
    public static final String MARKER = "layout-version";

    /** The suffix of temporary file names. */
    public static final String TEMP_SUFFIX = ".part";

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Checks the root. */
    public StoreLayout {
        Objects.requireNonNull(root, "root");
        root = root.toAbsolutePath().normalize();
    }

    /** The folder of committed blobs. */
    public Path files() {
        return root.resolve("files");
    }

    /** The folder of temporaries. */
    public Path uploads() {
        return root.resolve("uploads");
    }

    /** The shard folder a valid id lives in. */
    public Path shardOf(String id) {
        return files().resolve(BlobIds.shard(BlobIds.requireValid(id)));
    }

    /** The path of the committed blob {@code id}; refuses invalid ids. */
    public Path blob(String id) {
        return shardOf(id).resolve(id);
    }

    /** A fresh random temporary path in {@link #uploads()}; the caller creates it exclusively. */
    public Path newTemporary() {
        byte[] bytes = new byte[12];
        RANDOM.nextBytes(bytes);
        return uploads().resolve(HexFormat.of().formatHex(bytes) + TEMP_SUFFIX);
    }

    /**
     * Blob files are readable and writable by the server's user only: stored files are the users'
     * data, not the host's (issue 12, item 4).
     */
    public static final int FILE_MODE = 0600;

    /** The attribute that creates a blob or temporary file with {@link #FILE_MODE}. */
    public static java.nio.file.attribute.FileAttribute<java.util.Set<java.nio.file.attribute.PosixFilePermission>> fileMode() {
        return java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** The attribute that creates a folder of the store with mode 0700. */
    public static java.nio.file.attribute.FileAttribute<java.util.Set<java.nio.file.attribute.PosixFilePermission>> folderMode() {
        return java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
    }

    /** The version marker file. */
    public Path marker() {
        return root.resolve(MARKER);
    }

    /**
     * Makes the root ready for a store: checks the version marker, creates the folders, and writes
     * the marker if it is missing. A folder without a marker is either new or was written before
     * markers existed (it has {@code files/} or {@code uploads/}); both are layout 1, so both are
     * marked 1; a later layout's migration starts from the marker it finds.
     *
     * @throws IOException if the marker names another version than {@value #VERSION} (nothing is
     *         created then), is malformed, or a folder or the marker cannot be written
     */
    public void prepare(System.Logger logger) throws IOException {
        Path marker = marker();
        boolean marked = Files.exists(marker);
        if (marked) {
            int found = readVersion(marker);
            if (found != VERSION) {
                throw new IOException("blob folder " + root + " has layout version " + found + " ("
                        + marker + "); this quicfiles reads version " + VERSION
                        + (found > VERSION ? " only: a newer quicfiles wrote it, run that one (or restore a backup made before it)"
                        : ""));
            }
        }
        boolean legacy = !marked && (Files.isDirectory(files()) || Files.isDirectory(uploads()));
        createFolders();
        if (!marked) {
            writeMarker(marker);
            if (legacy) {
                logger.log(System.Logger.Level.INFO, "blob folder " + root + " had no layout marker: adopted as layout "
                        + VERSION + " (wrote " + marker + ")");
            }
        }
    }

    private static int readVersion(Path marker) throws IOException {
        String text = Files.readString(marker, java.nio.charset.StandardCharsets.US_ASCII).strip();
        try {
            int version = Integer.parseInt(text);
            if (version > 0) {
                return version;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IOException("blob folder layout marker " + marker + " is malformed ('"
                + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "', expected a version number)");
    }

    /** Writes the marker through a temporary renamed into place, so that a crash leaves it whole or absent. */
    private void writeMarker(Path marker) throws IOException {
        Path temporary = root.resolve(MARKER + ".tmp");
        Files.deleteIfExists(temporary);
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(temporary,
                java.util.Set.of(java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE),
                fileMode())) {
            channel.write(java.nio.ByteBuffer.wrap((VERSION + "\n").getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
            channel.force(true);
        }
        Files.move(temporary, marker, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        try (java.nio.channels.FileChannel directory = java.nio.channels.FileChannel.open(root,
                java.nio.file.StandardOpenOption.READ)) {
            directory.force(true);
        }
    }

    /** Creates {@code files/} and {@code uploads/} (mode 0700) if missing. */
    public void createFolders() throws IOException {
        Files.createDirectories(files(), folderMode());
        Files.createDirectories(uploads(), folderMode());
    }

    /**
     * The ids of all committed blobs: the valid file names in shard folders that match their shard.
     * Anything else (stray files, foreign names) is ignored, never reported as an id.
     */
    public List<String> listIds() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(files(), Files::isDirectory)) {
            for (Path shard : shards) {
                String shardName = shard.getFileName().toString();
                try (DirectoryStream<Path> blobs = Files.newDirectoryStream(shard)) {
                    for (Path blob : blobs) {
                        String name = blob.getFileName().toString();
                        if (BlobIds.isValid(name) && BlobIds.shard(name).equals(shardName)
                                && Files.isRegularFile(blob)) {
                            ids.add(name);
                        }
                    }
                } catch (NoSuchFileException raced) {
                    // a shard folder removed while listing has no ids
                }
            }
        } catch (NoSuchFileException missing) {
            return List.of();
        }
        return ids;
    }

    /** The names of every entry in {@code uploads/}. */
    public List<String> listTemporaries() throws IOException {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(uploads())) {
            for (Path entry : entries) {
                names.add(entry.getFileName().toString());
            }
        } catch (NoSuchFileException missing) {
            return List.of();
        }
        names.sort(null);
        return names;
    }
}

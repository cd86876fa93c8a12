package org.quicfiles.storage.uring.internal;

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
 * </pre>
 * Pure path arithmetic plus the directory listings; the I/O on blobs belongs to the providers.
 *
 * @param root the data folder the store was opened on
 */
public record StoreLayout(Path root) {
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

package org.quicfiles.app.internal.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import org.quicfiles.app.StartupException;

/**
 * Reads the identity key file, or creates it with mode 0600 when it does not exist. Accepts 64 raw
 * bytes (seed‖public key) or 128 hex characters with an optional trailing newline; refuses a file
 * that group or others may read, and one whose stored public key does not belong to its seed.
 */
public final class IdentityKeyFile {
    private static final int RAW_LENGTH = 2 * IdentityKey.KEY_LENGTH;
    private static final int HEX_LENGTH = 2 * RAW_LENGTH;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private IdentityKeyFile() {
    }

    /**
     * Loads the key in {@code file}, creating the file with a fresh key when it is missing.
     *
     * @throws StartupException with a one-line message if the file is unusable
     */
    public static IdentityKey loadOrCreate(Path file) throws StartupException {
        try {
            return load(file);
        } catch (NoSuchFileException missing) {
            return create(file);
        } catch (IOException e) {
            throw new StartupException("cannot read key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the key in {@code file}.
     *
     * @throws NoSuchFileException if there is no such file
     * @throws IOException if it cannot be read
     * @throws StartupException if its permissions or content are wrong
     */
    public static IdentityKey load(Path file) throws IOException, StartupException {
        byte[] content = Files.readAllBytes(file);
        checkPermissions(file);
        byte[] raw = decode(content, file);
        try {
            IdentityKey key = IdentityKey.fromSeed(Arrays.copyOf(raw, IdentityKey.KEY_LENGTH));
            byte[] stored = Arrays.copyOfRange(raw, IdentityKey.KEY_LENGTH, RAW_LENGTH);
            if (!MessageDigest.isEqual(stored, key.publicKey())) {
                throw new StartupException("key file " + file
                        + ": the public key half does not match the seed (corrupt or not an Ed25519 key)");
            }
            return key;
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    private static byte[] decode(byte[] content, Path file) throws StartupException {
        if (content.length == RAW_LENGTH) {
            return content;
        }
        int length = content.length;
        if (length > 0 && content[length - 1] == '\n') {
            length--;
            if (length > 0 && content[length - 1] == '\r') {
                length--;
            }
        }
        if (length == HEX_LENGTH) {
            try {
                return HexFormat.of().parseHex(new String(content, 0, length, StandardCharsets.US_ASCII));
            } catch (IllegalArgumentException e) {
                throw new StartupException("key file " + file + ": 128 characters that are not all hex digits");
            }
        }
        throw new StartupException("key file " + file + ": expected 64 raw bytes or 128 hex characters, found "
                + content.length + " bytes");
    }

    private static void checkPermissions(Path file) throws IOException, StartupException {
        PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (view == null) {
            return;
        }
        Set<PosixFilePermission> permissions = view.readAttributes().permissions();
        if (permissions.contains(PosixFilePermission.GROUP_READ) || permissions.contains(PosixFilePermission.OTHERS_READ)) {
            throw new StartupException("key file " + file + " is readable by group or others (mode "
                    + PosixFilePermissions.toString(permissions) + "); run: chmod 600 " + file);
        }
    }

    private static IdentityKey create(Path file) throws StartupException {
        byte[] seed = new byte[IdentityKey.KEY_LENGTH];
        new SecureRandom().nextBytes(seed);
        IdentityKey key = IdentityKey.fromSeed(seed);
        Arrays.fill(seed, (byte) 0);
        byte[] bytes = key.libsodiumBytes();
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            boolean posix = Files.getFileAttributeView(parent == null ? file : parent, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS) != null;
            if (posix) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
            } else {
                Files.createFile(file);
            }
            Files.write(file, bytes);
            return key;
        } catch (FileAlreadyExistsException raced) {
            throw new StartupException("key file " + file + " appeared while it was being created; start again", raced);
        } catch (IOException e) {
            throw new StartupException("cannot create key file " + file + ": " + e.getMessage(), e);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }
}

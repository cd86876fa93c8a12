package org.quicfiles.storage.local.internal;

import java.util.Objects;

/**
 * The ids a local store accepts: 1 to 64 characters of {@code [A-Za-z0-9_-]}. Every id is checked
 * here before it becomes part of a path, so no id can name anything outside the store.
 */
public final class BlobIds {
    /** The longest id accepted. */
    public static final int MAX_LENGTH = 64;

    private BlobIds() {
    }

    /**
     * Returns {@code id} if it is valid.
     *
     * @param id the id to check, not null
     * @throws IllegalArgumentException if it is empty, too long or has a character outside {@code [A-Za-z0-9_-]}
     */
    public static String requireValid(String id) {
        Objects.requireNonNull(id, "id");
        if (!isValid(id)) {
            throw new IllegalArgumentException("invalid blob id (want 1 to 64 of [A-Za-z0-9_-]): '"
                    + printable(id) + "'");
        }
        return id;
    }

    /** Whether {@code id} is a valid blob id. */
    public static boolean isValid(String id) {
        int length = id.length();
        if (length == 0 || length > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (!isIdChar(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The shard folder name of a valid id: its first two characters (the whole id if shorter). */
    public static String shard(String id) {
        return id.substring(0, Math.min(2, id.length()));
    }

    private static boolean isIdChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    }

    private static String printable(String id) {
        String cut = id.length() > 80 ? id.substring(0, 80) + "…" : id;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(cp -> {
            if (cp < 0x20 || cp == 0x7f) {
                out.append(String.format("\\x%02x", cp));
            } else {
                out.appendCodePoint(cp);
            }
        });
        return out.toString();
    }
}

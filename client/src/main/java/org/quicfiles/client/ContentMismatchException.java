package org.quicfiles.client;

import java.io.IOException;

/**
 * A download whose content does not hash to its content id: the bytes are corrupt, or the server is
 * not the one that stored them. The sink has received every byte by then; a caller that writes to a
 * file should write to a temporary and keep it only when {@code get} returns.
 */
public final class ContentMismatchException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String id;

    /** @param id the content id asked for */
    public ContentMismatchException(String id) {
        super("the content does not match its id (corrupted or a wrong server)");
        this.id = id;
    }

    /** The content id that was asked for. */
    public String id() {
        return id;
    }
}

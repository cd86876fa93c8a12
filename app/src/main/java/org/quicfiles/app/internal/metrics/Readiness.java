package org.quicfiles.app.internal.metrics;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;

/**
 * Whether the server is ready for traffic: its transport is up and its store is writable (a
 * one-byte temporary is written and aborted through the store on each check, so a full or
 * read-only disk, or a lost bucket, shows). Not ready while starting and once stopping.
 */
public final class Readiness {
    private volatile BlobStore store;
    private volatile boolean transportUp;
    private volatile boolean stopping;

    /** The store is open. */
    public void storeOpened(BlobStore store) {
        this.store = store;
    }

    /** The transport accepts connections. */
    public void transportUp() {
        transportUp = true;
    }

    /** The server is closing: not ready from now on. */
    public void stopping() {
        stopping = true;
    }

    /** Empty when ready, else why not (one line). */
    public Optional<String> notReadyBecause() {
        if (stopping) {
            return Optional.of("stopping");
        }
        if (!transportUp || store == null) {
            return Optional.of("starting: the transport is not up yet");
        }
        try (BlobWriter probe = store.create()) {
            probe.write(ByteBuffer.allocate(1));
            // closed without a commit: the temporary is removed
        } catch (IOException | RuntimeException e) {
            return Optional.of("the store is not writable: " + e.getMessage());
        }
        return Optional.empty();
    }
}

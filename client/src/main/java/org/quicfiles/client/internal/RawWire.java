package org.quicfiles.client.internal;

import java.io.IOException;
import java.util.Objects;
import org.quicfiles.client.QuicFilesClient;

/**
 * Raw bytes on a client's streams, for tests of the wire protocol (fuzzing, abuse limits): not
 * part of the client's API, and in a package the client module does not export. Test code reaches
 * it from the class path, or on the module path with
 * {@code --add-exports org.quicfiles.client/org.quicfiles.client.internal=<test module>}
 * (decision note 0184).
 */
public final class RawWire {
    /** What this class needs of a client; {@link QuicFilesClient} registers it when its class initialises. */
    public interface Access {
        /** Sends {@code bytes} on a new file stream (FIN when {@code fin}) and reads the answer until FIN. */
        byte[] exchange(QuicFilesClient client, byte[] bytes, boolean fin) throws IOException;

        /** Sends {@code bytes} as they are on the client's request stream (stream 0). */
        void sendRequestBytes(QuicFilesClient client, byte[] bytes);
    }

    private static volatile Access access;

    private RawWire() {
    }

    /**
     * Called once, by {@link QuicFilesClient}.
     *
     * @throws IllegalStateException on a second call
     */
    public static synchronized void register(Access implementation) {
        if (access != null) {
            throw new IllegalStateException("raw wire access is already registered");
        }
        access = Objects.requireNonNull(implementation, "implementation");
    }

    /**
     * Sends raw bytes on a new file stream of {@code client} (and FIN when {@code fin}), then
     * returns everything the server sends until its FIN.
     *
     * @throws org.quicfiles.client.QuicFilesClientException with the server's code if it reset the stream
     */
    public static byte[] exchange(QuicFilesClient client, byte[] bytes, boolean fin) throws IOException {
        // a client instance exists, so its class has initialised and registered the access
        return access.exchange(Objects.requireNonNull(client, "client"), bytes, fin);
    }

    /**
     * Sends raw bytes on the request stream of {@code client}: after a malformed frame, its
     * {@link QuicFilesClient#request} fails with a {@link org.quicfiles.client.QuicFilesClientException}
     * carrying 777000105.
     */
    public static void sendRequestBytes(QuicFilesClient client, byte[] bytes) {
        access.sendRequestBytes(Objects.requireNonNull(client, "client"), bytes);
    }
}

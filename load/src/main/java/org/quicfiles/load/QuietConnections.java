package org.quicfiles.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.quicfiles.load.targets.Target;

/**
 * Connections held open and idle while the driver measures ({@code run --idle N}): what a server's
 * per-connection work costs every request when most of its clients are quiet.
 */
final class QuietConnections implements AutoCloseable {
    private final List<Target.Connection> connections;

    private QuietConnections(List<Target.Connection> connections) {
        this.connections = connections;
    }

    /** Opens {@code count} connections to {@code target}, one after the other (handshakes only). */
    static QuietConnections open(Target target, int count) throws IOException {
        List<Target.Connection> opened = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                opened.add(target.connect());
            }
        } catch (IOException | RuntimeException e) {
            new QuietConnections(opened).close();
            throw e;
        }
        return new QuietConnections(opened);
    }

    /** How many are held. */
    int count() {
        return connections.size();
    }

    @Override
    public void close() {
        for (Target.Connection connection : connections) {
            try {
                connection.close();
            } catch (RuntimeException e) {
                // closing a quiet connection after the run: its failure does not change the figures
            }
        }
    }
}

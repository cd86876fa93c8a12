package org.quicfiles.load.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicfiles.client.QuicFilesClientException;

class TargetsTest {
    @Test
    void aFailureIsCountedByItsProtocolCodeHttpStatusOrClass() {
        assertEquals("code 404", Targets.classify(new IOException(new QuicFilesClientException(404, "gone"))));
        assertEquals("http 503", Targets.classify(new UncheckedIOException(new HttpsTarget.HttpStatusException(503))));
        assertEquals("IOException", Targets.classify(new IOException("reset")));
        assertEquals("IllegalStateException", Targets.classify(new IllegalStateException(new RuntimeException())));
    }

    @Test
    void aForkedServerLogsToAFileInItsWorkFolderUnlessTheArgumentsNameOne() {
        Path dist = Path.of("/opt/quicfiles");
        Path work = Path.of("/tmp/run");
        assertEquals(List.of("/opt/quicfiles/bin/quicfiles", "serve", "--listen", "127.0.0.1:0", "--data", "/tmp/run/data",
                        "--log-file", "/tmp/run/quicfiles.log", "--transport", "quic"),
                Targets.serveCommand(dist, work, List.of("--transport", "quic")));
        assertEquals(List.of("/opt/quicfiles/bin/quicfiles", "serve", "--listen", "127.0.0.1:0", "--data", "/tmp/run/data",
                        "--log-file", "/var/log/q.log"),
                Targets.serveCommand(dist, work, List.of("--log-file", "/var/log/q.log")));
        assertEquals(List.of("/opt/quicfiles/bin/quicfiles", "serve", "--listen", "127.0.0.1:0", "--data", "/tmp/run/data",
                        "-D", "server.log-file=/var/log/q.log"),
                Targets.serveCommand(dist, work, List.of("-D", "server.log-file=/var/log/q.log")));
    }
}

package org.quicfiles.load.targets;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
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
}

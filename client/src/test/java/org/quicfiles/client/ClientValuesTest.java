package org.quicfiles.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.ErrorCode;

/** The client's value types. The client itself is tested over real QUIC in transport-quic. */
class ClientValuesTest {
    private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 11235);

    @Test
    void optionsCheckTheKeyAndTimeout() {
        new ClientOptions(SERVER, Optional.of(new byte[32]), Duration.ofSeconds(1));
        new ClientOptions(SERVER, Optional.empty(), Duration.ofSeconds(1));
        assertThrows(IllegalArgumentException.class, () -> new ClientOptions(SERVER, Optional.of(new byte[31]), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> new ClientOptions(SERVER, Optional.empty(), Duration.ZERO));
        assertThrows(NullPointerException.class, () -> new ClientOptions(null, Optional.empty(), Duration.ofSeconds(1)));
    }

    @Test
    void exceptionsCarryCodesAndBodies() {
        assertEquals(ErrorCode.NOT_FOUND, new QuicFilesClientException(404, "x").code());
        assertEquals(777000105L, new QuicFilesClientException(777000105L, "x").wireCode());
        assertEquals(ErrorCode.INTERNAL_ERROR, new QuicFilesClientException(777000105L, "x").code());
        RequestFailedException failed = new RequestFailedException("file_info", "NOT_FOUND".getBytes(StandardCharsets.UTF_8));
        assertEquals("NOT_FOUND", failed.bodyText());
        assertEquals(9, failed.body().length);
    }
}

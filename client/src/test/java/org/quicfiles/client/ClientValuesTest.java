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
    void optionsCheckTheTimeout() {
        ClientOptions pinned = ClientOptions.pinned(SERVER, ServerKey.of(new byte[32]), Duration.ofSeconds(1));
        assertEquals(Optional.of(ServerKey.of(new byte[32])), pinned.serverKey());
        assertEquals(Optional.empty(), ClientOptions.unpinned(SERVER, Duration.ofSeconds(1)).serverKey());
        assertThrows(IllegalArgumentException.class, () -> ClientOptions.unpinned(SERVER, Duration.ZERO));
        assertThrows(NullPointerException.class, () -> ClientOptions.unpinned(null, Duration.ofSeconds(1)));
        assertThrows(NullPointerException.class, () -> ClientOptions.pinned(SERVER, null, Duration.ofSeconds(1)));
    }

    @Test
    void contentIsCheckedUnlessTheCallerOptsOut() {
        ClientOptions checked = ClientOptions.unpinned(SERVER, Duration.ofSeconds(1));
        ClientOptions unchecked = checked.withoutContentCheck();
        assertEquals(true, checked.contentCheck());
        assertEquals(false, unchecked.contentCheck());
        assertEquals(SERVER, unchecked.server());
        assertEquals(Duration.ofSeconds(1), unchecked.timeout());
        org.junit.jupiter.api.Assertions.assertNotEquals(checked, unchecked);
        assertEquals(unchecked, checked.withoutContentCheck());
        assertEquals("ClientOptions[server=" + SERVER + ", unpinned, timeout=PT1S, no content check]", unchecked.toString());
    }

    @Test
    void aServerKeyIs32BytesAndCopied() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class, () -> ServerKey.of(new byte[31]));
        assertEquals("a server key is a 32-byte Ed25519 public key, not 31 bytes", shortKey.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ServerKey.fromHex("ab".repeat(31)));
        assertThrows(IllegalArgumentException.class, () -> ServerKey.fromHex("zz".repeat(32)));
        byte[] bytes = new byte[32];
        bytes[0] = 1;
        ServerKey key = ServerKey.of(bytes);
        bytes[0] = 2;
        key.bytes()[0] = 3;
        assertEquals(1, key.bytes()[0]);
        assertEquals(key, ServerKey.fromHex(" 01" + "00".repeat(31) + "\n"));
        assertEquals("01" + "00".repeat(31), key.hex());
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

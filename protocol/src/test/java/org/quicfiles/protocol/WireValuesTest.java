package org.quicfiles.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateException;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.QuicFilesException;

class WireValuesTest {
    private static final String ID = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJ-_012345";

    @Test
    void fileIds() {
        assertEquals(44, ID.length());
        assertTrue(FileIds.isValid(ID));
        assertTrue(FileIds.isValid("1"));
        assertTrue(FileIds.isValid("1234567890123456"));
        assertFalse(FileIds.isValid(""));
        assertFalse(FileIds.isValid("12345678901234567"));
        assertFalse(FileIds.isValid(ID.substring(1)));
        assertFalse(FileIds.isValid(ID.substring(1) + "+"));
        assertFalse(FileIds.isValid(ID.substring(1) + "="));
        assertFalse(FileIds.isValid("12a"));
        assertThrows(QuicFilesException.class, () -> FileIds.requireValid("../x"));
    }

    @Test
    void getHeadRoundTripsThroughTheIncrementalParser() {
        byte[] wire = new GetHead(8192, 1700000000, 1701209600).encode();
        assertArrayEquals("41:d1:si8192e1:ui1700000000e1:xi1701209600ee".getBytes(StandardCharsets.US_ASCII), wire);
        Bt.Dict head = new HeaderBlockParser(1024).feed(ByteBuffer.wrap(wire)).orElseThrow();
        assertEquals(new GetHead(8192, 1700000000, 1701209600), GetHead.fromHeader(head));
        assertThrows(QuicFilesException.class, () -> GetHead.fromHeader(Bt.Dict.builder().put("s", 1).build()));
    }

    @Test
    void putReplyRoundTrips() {
        PutReply reply = new PutReply(ID, 10, 20);
        assertEquals(reply, PutReply.decode(reply.encode()));
        assertThrows(QuicFilesException.class, () -> PutReply.decode("d1:ui1ee".getBytes(StandardCharsets.US_ASCII)));
        assertThrows(QuicFilesException.class, () -> PutReply.decode("d1:#1:x1:ui1e1:xi2ee".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void rawEd25519KeysRoundTrip() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        byte[] raw = ServerKeyPin.rawEd25519(pair.getPublic());
        assertEquals(32, raw.length);
        assertEquals(pair.getPublic(), ServerKeyPin.ed25519PublicKey(raw));
        KeyPair ec = KeyPairGenerator.getInstance("EC").generateKeyPair();
        assertThrows(CertificateException.class, () -> ServerKeyPin.rawEd25519(ec.getPublic()));
        assertThrows(CertificateException.class, () -> new ServerKeyPin(raw).verify(new java.security.cert.X509Certificate[0]));
    }
}

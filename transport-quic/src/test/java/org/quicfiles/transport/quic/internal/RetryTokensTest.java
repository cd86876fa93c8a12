package org.quicfiles.transport.quic.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The Retry token: bound to address, port, original DCID and issue time; nothing else is accepted. */
class RetryTokensTest {
    private static final byte[] KEY = new byte[32];
    private static final byte[] ODCID = HexFormat.of().parseHex("0102030405060708");
    private static final InetSocketAddress CLIENT = new InetSocketAddress("127.0.0.1", 40000);
    private static final Instant T0 = Instant.parse("2026-11-25T09:00:00Z");

    private static RetryTokens tokens(byte[] key, Instant now) {
        return new RetryTokens(key, Clock.fixed(now, ZoneOffset.UTC), Duration.ofSeconds(10), () -> true);
    }

    private static byte[] mint() {
        ByteBuf out = Unpooled.buffer();
        ByteBuf dcid = Unpooled.wrappedBuffer(ODCID);
        try {
            assertTrue(tokens(KEY, T0).writeToken(out, dcid, CLIENT));
            byte[] token = new byte[out.readableBytes()];
            out.readBytes(token);
            return token;
        } finally {
            out.release();
            dcid.release();
        }
    }

    private static int validate(RetryTokens tokens, byte[] token, InetSocketAddress from) {
        ByteBuf buffer = Unpooled.wrappedBuffer(token);
        try {
            return tokens.validateToken(buffer, from);
        } finally {
            buffer.release();
        }
    }

    @Test
    void aFreshTokenFromTheSameAddressYieldsTheOriginalDcid() {
        byte[] token = mint();
        int offset = validate(tokens(KEY, T0.plusSeconds(9)), token, CLIENT);
        assertTrue(offset > 0);
        assertArrayEquals(ODCID, Arrays.copyOfRange(token, offset, token.length));
        assertTrue(token.length <= tokens(KEY, T0).maxTokenLength());
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertEquals(-1, validate(tokens(KEY, T0.plusSeconds(11)), mint(), CLIENT));
    }

    @Test
    void aTokenFromTheFutureIsRefused() {
        assertEquals(-1, validate(tokens(KEY, T0.minusSeconds(5)), mint(), CLIENT));
    }

    @Test
    void anotherAddressOrPortIsRefused() {
        assertEquals(-1, validate(tokens(KEY, T0), mint(), new InetSocketAddress("127.0.0.2", 40000)));
        assertEquals(-1, validate(tokens(KEY, T0), mint(), new InetSocketAddress("127.0.0.1", 40001)));
    }

    @Test
    void anotherKeyIsRefused() {
        byte[] other = new byte[32];
        other[0] = 1;
        assertEquals(-1, validate(tokens(other, T0), mint(), CLIENT));
    }

    @Test
    void everyAlteredByteAndEveryTruncationIsRefused() {
        byte[] token = mint();
        RetryTokens checker = tokens(KEY, T0);
        for (int i = 0; i < token.length; i++) {
            byte[] altered = token.clone();
            altered[i] ^= 0x01;
            assertEquals(-1, validate(checker, altered, CLIENT), "byte " + i + " flipped");
            assertEquals(-1, validate(checker, Arrays.copyOf(token, i), CLIENT), "cut to " + i + " bytes");
        }
        Function<Integer, byte[]> longer = extra -> Arrays.copyOf(token, token.length + extra);
        assertEquals(-1, validate(checker, longer.apply(1), CLIENT), "a byte appended");
    }

    @Test
    void noRetryWhenThePolicySaysNo() {
        RetryTokens quiet = new RetryTokens(KEY, Clock.fixed(T0, ZoneOffset.UTC), Duration.ofSeconds(10), () -> false);
        ByteBuf out = Unpooled.buffer();
        ByteBuf dcid = Unpooled.wrappedBuffer(ODCID);
        try {
            assertFalse(quiet.writeToken(out, dcid, CLIENT));
            assertEquals(0, out.readableBytes());
        } finally {
            out.release();
            dcid.release();
        }
    }
}

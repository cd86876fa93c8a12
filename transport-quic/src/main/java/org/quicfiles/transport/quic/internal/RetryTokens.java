package org.quicfiles.transport.quic.internal;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.quic.QuicTokenHandler;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * QUIC address validation (RFC 9000 section 8.1): mints the token of a Retry packet and checks it
 * when the client comes back. A token is
 * {@code version(1) | issued-at millis(8) | HMAC-SHA256(32) | original DCID}, the MAC covering the
 * client's address, port, the issue time and the original DCID under a per-process random key; it
 * is valid for {@code lifetime} and compared in constant time. Netty asks {@link #writeToken} for
 * every Initial that carries no token, so {@code retryWanted} decides per packet whether to send a
 * Retry (mode {@code auto}) or to start the handshake at once.
 */
final class RetryTokens implements QuicTokenHandler {
    private static final byte VERSION = 1;
    private static final int MAC_LENGTH = 32;
    private static final int ODCID_OFFSET = 1 + Long.BYTES + MAC_LENGTH;
    /** RFC 9000: connection ids are at most 20 bytes. */
    private static final int MAX_CID = 20;
    /** Tolerated clock step backwards between minting and checking. */
    private static final long SKEW_MILLIS = 1_000;

    private final SecretKeySpec key;
    private final Clock clock;
    private final long lifetimeMillis;
    private final BooleanSupplier retryWanted;

    RetryTokens(byte[] key, Clock clock, Duration lifetime, BooleanSupplier retryWanted) {
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
        this.clock = clock;
        this.lifetimeMillis = lifetime.toMillis();
        this.retryWanted = retryWanted;
    }

    /** Tokens under a fresh random key on the system clock. */
    static RetryTokens withRandomKey(Duration lifetime, BooleanSupplier retryWanted) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new RetryTokens(key, Clock.systemUTC(), lifetime, retryWanted);
    }

    @Override
    public boolean writeToken(ByteBuf out, ByteBuf dcid, InetSocketAddress address) {
        if (!retryWanted.getAsBoolean()) {
            return false;
        }
        byte[] odcid = new byte[dcid.readableBytes()];
        dcid.getBytes(dcid.readerIndex(), odcid);
        long issued = clock.millis();
        out.writeByte(VERSION).writeLong(issued).writeBytes(mac(address, issued, odcid)).writeBytes(odcid);
        return true;
    }

    @Override
    public int validateToken(ByteBuf token, InetSocketAddress address) {
        int length = token.readableBytes();
        if (length < ODCID_OFFSET || length > ODCID_OFFSET + MAX_CID) {
            return -1;
        }
        int start = token.readerIndex();
        if (token.getByte(start) != VERSION) {
            return -1;
        }
        long issued = token.getLong(start + 1);
        long age = clock.millis() - issued;
        if (age > lifetimeMillis || age < -SKEW_MILLIS) {
            return -1;
        }
        byte[] presented = new byte[MAC_LENGTH];
        token.getBytes(start + 1 + Long.BYTES, presented);
        byte[] odcid = new byte[length - ODCID_OFFSET];
        token.getBytes(start + ODCID_OFFSET, odcid);
        return MessageDigest.isEqual(presented, mac(address, issued, odcid)) ? ODCID_OFFSET : -1;
    }

    @Override
    public int maxTokenLength() {
        return ODCID_OFFSET + MAX_CID;
    }

    private byte[] mac(InetSocketAddress address, long issued, byte[] odcid) {
        byte[] ip = address.getAddress().getAddress();
        ByteBuffer input = ByteBuffer.allocate(1 + ip.length + 2 + Long.BYTES + odcid.length)
                .put((byte) ip.length).put(ip).putShort((short) address.getPort()).putLong(issued).put(odcid);
        try {
            // Mac is not thread-safe and costs ~1 µs to set up: one per call keeps this handler stateless
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input.array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}

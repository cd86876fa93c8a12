package org.quicfiles.transport.quic.internal;

import java.io.ByteArrayOutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A hand-made QUIC v1 Initial packet (RFC 9000/9001) carrying a ClientHello the test chooses — TLS
 * 1.2 only, TLS 1.3, with or without ALPN — since Netty's QUIC client always offers TLS 1.3 and
 * cannot be told otherwise. Sends it over UDP and decrypts the server's first Initial answer.
 */
final class RawInitial {
    private static final byte[] INITIAL_SALT = HexFormat.of().parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** What the server's first Initial packet carried. */
    record Answer(Optional<Integer> handshakeType, Optional<Long> closeErrorCode, boolean retry) {
        /** A Retry packet: the server asks the client to prove its address before any handshake. */
        static final Answer RETRY = new Answer(Optional.empty(), Optional.empty(), true);

        /** Whether the server went on with the handshake (a TLS ServerHello, handshake type 2). */
        boolean serverHello() {
            return handshakeType.filter(type -> type == 2).isPresent();
        }
    }

    private RawInitial() {
    }

    /**
     * Sends one Initial with the given ClientHello and returns the server's answer, or empty if it
     * answered nothing within {@code timeoutMillis}.
     */
    static Optional<Answer> exchange(InetSocketAddress server, boolean tls13, String alpn, int timeoutMillis)
            throws Exception {
        return exchange(server, tls13, alpn, new byte[0], timeoutMillis);
    }

    /**
     * Like {@link #exchange(InetSocketAddress, boolean, String, int)}, with {@code token} in the
     * Initial's token field (empty: none). A Retry answer is reported as {@link Answer#RETRY}.
     */
    static Optional<Answer> exchange(InetSocketAddress server, boolean tls13, String alpn, byte[] token,
                                     int timeoutMillis) throws Exception {
        return exchange(server, tls13, alpn, token, 0, timeoutMillis);
    }

    /**
     * Like {@link #exchange(InetSocketAddress, boolean, String, int)}, with a TLS 1.3 ClientHello in
     * "middlebox compatibility mode" as libquic (GnuTLS) sends it: a 32-byte {@code legacy_session_id},
     * which RFC 9001 section 8.4 lets a QUIC server refuse.
     */
    static Optional<Answer> exchangeInCompatibilityMode(InetSocketAddress server, String alpn, int timeoutMillis)
            throws Exception {
        return exchange(server, true, alpn, new byte[0], 32, timeoutMillis);
    }

    private static Optional<Answer> exchange(InetSocketAddress server, boolean tls13, String alpn, byte[] token,
                                             int sessionIdLength, int timeoutMillis) throws Exception {
        byte[] dcid = randomBytes(8);
        byte[] scid = randomBytes(8);
        byte[] initialSecret = hkdfExtract(INITIAL_SALT, dcid);
        byte[] packet = protect(expandLabel(initialSecret, "client in", 32), dcid, scid, token,
                cryptoFrame(clientHello(tls13, alpn, scid, sessionIdLength)));
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            socket.setSoTimeout(timeoutMillis);
            socket.send(new DatagramPacket(packet, packet.length, server));
            byte[] buffer = new byte[65536];
            DatagramPacket received = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(received);
            } catch (SocketTimeoutException silence) {
                return Optional.empty();
            }
            byte[] datagram = Arrays.copyOf(buffer, received.getLength());
            if ((datagram[0] & 0xf0) == 0xf0) { // long header, type 3
                return Optional.of(Answer.RETRY);
            }
            try {
                return Optional.of(unprotect(expandLabel(initialSecret, "server in", 32), datagram));
            } catch (RuntimeException | GeneralSecurityException e) {
                throw new IllegalStateException("cannot read the server's answer " + HexFormat.of().formatHex(datagram), e);
            }
        }
    }

    // ---- TLS ----

    private static byte[] clientHello(boolean tls13, String alpn, byte[] scid, int sessionIdLength)
            throws GeneralSecurityException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {3, 3});
        body.writeBytes(randomBytes(32));
        // legacy_session_id: empty, as RFC 9001 section 8.4 asks, unless compatibility mode is wanted
        body.write(sessionIdLength);
        body.writeBytes(randomBytes(sessionIdLength));
        byte[] suites = tls13 ? hex("130113021303") : hex("c02bc02fc02cc030cca9cca8");
        body.writeBytes(u16(suites.length));
        body.writeBytes(suites);
        body.writeBytes(new byte[] {1, 0});
        ByteArrayOutputStream extensions = new ByteArrayOutputStream();
        byte[] host = "localhost".getBytes(StandardCharsets.US_ASCII);
        extension(extensions, 0x0000, concat(u16(host.length + 3), new byte[] {0}, u16(host.length), host));
        extension(extensions, 0x000a, concat(u16(4), hex("001d0017")));
        extension(extensions, 0x000d, concat(u16(8), hex("0403080404010807")));
        if (alpn != null) {
            byte[] name = alpn.getBytes(StandardCharsets.US_ASCII);
            extension(extensions, 0x0010, concat(u16(name.length + 1), new byte[] {(byte) name.length}, name));
        }
        // quic_transport_parameters: initial_source_connection_id (0x0f), initial_max_data (0x04)
        extension(extensions, 0x0039, concat(new byte[] {0x0f, (byte) scid.length}, scid, new byte[] {0x04, 0x02, 0x40, 0x00}));
        if (tls13) {
            extension(extensions, 0x002b, hex("020304"));
            byte[] spki = KeyPairGenerator.getInstance("X25519").generateKeyPair().getPublic().getEncoded();
            byte[] key = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            extension(extensions, 0x0033, concat(u16(36), hex("001d0020"), key));
        } else {
            extension(extensions, 0x000b, hex("0100"));
        }
        body.writeBytes(u16(extensions.size()));
        body.writeBytes(extensions.toByteArray());
        byte[] hello = body.toByteArray();
        return concat(new byte[] {1, (byte) (hello.length >> 16), (byte) (hello.length >> 8), (byte) hello.length}, hello);
    }

    private static void extension(ByteArrayOutputStream out, int type, byte[] data) {
        out.writeBytes(u16(type));
        out.writeBytes(u16(data.length));
        out.writeBytes(data);
    }

    // ---- QUIC packets ----

    private static byte[] cryptoFrame(byte[] data) {
        return concat(new byte[] {0x06, 0x00}, varint(data.length), data);
    }

    /** An Initial packet padded to 1200 bytes, with packet protection and header protection. */
    private static byte[] protect(byte[] secret, byte[] dcid, byte[] scid, byte[] token, byte[] frames)
            throws GeneralSecurityException {
        int pnLength = 4;
        int payloadLength = 1200 - 7 - dcid.length - scid.length - varint(token.length).length - token.length - 2
                - pnLength - 16;
        byte[] payload = Arrays.copyOf(frames, Math.max(frames.length, payloadLength)); // PADDING frames are zeros
        byte[] header = concat(new byte[] {(byte) (0xc0 | (pnLength - 1)), 0, 0, 0, 1, (byte) dcid.length}, dcid,
                new byte[] {(byte) scid.length}, scid, varint(token.length), token, varint2(pnLength + payload.length + 16),
                new byte[pnLength]);
        byte[] sealed = aead(Cipher.ENCRYPT_MODE, secret, 0, header, payload);
        byte[] packet = concat(header, sealed);
        int pnOffset = header.length - pnLength;
        byte[] mask = headerMask(secret, Arrays.copyOfRange(packet, pnOffset + 4, pnOffset + 20));
        packet[0] ^= (byte) (mask[0] & 0x0f);
        for (int i = 0; i < pnLength; i++) {
            packet[pnOffset + i] ^= mask[1 + i];
        }
        return packet;
    }

    /** Decrypts the first (Initial) packet of a datagram and reads its frames. */
    private static Answer unprotect(byte[] secret, byte[] datagram) throws GeneralSecurityException {
        ByteBuffer in = ByteBuffer.wrap(datagram);
        int first = in.get() & 0xff;
        if ((first & 0x80) == 0 || ((first >> 4) & 0x3) != 0) {
            throw new IllegalStateException("the server's first packet is not an Initial: 0x" + Integer.toHexString(first));
        }
        in.position(in.position() + 4); // version
        skip(in, in.get() & 0xff); // destination connection id
        skip(in, in.get() & 0xff); // source connection id
        skip(in, (int) readVarint(in)); // token
        int length = (int) readVarint(in);
        int pnOffset = in.position();
        byte[] mask = headerMask(secret, Arrays.copyOfRange(datagram, pnOffset + 4, pnOffset + 20));
        byte[] packet = Arrays.copyOf(datagram, pnOffset + length);
        packet[0] ^= (byte) (mask[0] & 0x0f);
        int pnLength = (packet[0] & 0x3) + 1;
        long packetNumber = 0;
        for (int i = 0; i < pnLength; i++) {
            packet[pnOffset + i] ^= mask[1 + i];
            packetNumber = (packetNumber << 8) | (packet[pnOffset + i] & 0xff);
        }
        byte[] header = Arrays.copyOf(packet, pnOffset + pnLength);
        byte[] frames = aead(Cipher.DECRYPT_MODE, secret, packetNumber, header,
                Arrays.copyOfRange(packet, pnOffset + pnLength, packet.length));
        return readFrames(ByteBuffer.wrap(frames));
    }

    private static Answer readFrames(ByteBuffer in) {
        Optional<Integer> handshakeType = Optional.empty();
        Optional<Long> closeCode = Optional.empty();
        while (in.hasRemaining()) {
            long type = readVarint(in);
            if (type == 0x00 || type == 0x01) {
                continue; // PADDING, PING
            }
            if (type == 0x02 || type == 0x03) { // ACK
                readVarint(in);
                readVarint(in);
                long ranges = readVarint(in);
                readVarint(in);
                for (long i = 0; i < ranges; i++) {
                    readVarint(in);
                    readVarint(in);
                }
                if (type == 0x03) {
                    readVarint(in);
                    readVarint(in);
                    readVarint(in);
                }
            } else if (type == 0x06) { // CRYPTO
                readVarint(in);
                int length = (int) readVarint(in);
                handshakeType = Optional.of(in.get(in.position()) & 0xff);
                skip(in, length);
            } else if (type == 0x1c) { // CONNECTION_CLOSE (transport)
                closeCode = Optional.of(readVarint(in));
                readVarint(in);
                skip(in, (int) readVarint(in));
            } else {
                throw new IllegalStateException("unexpected frame type 0x" + Long.toHexString(type) + " in an Initial");
            }
        }
        return new Answer(handshakeType, closeCode, false);
    }

    // ---- crypto (RFC 9001 section 5) ----

    private static byte[] aead(int mode, byte[] secret, long packetNumber, byte[] header, byte[] input)
            throws GeneralSecurityException {
        byte[] nonce = expandLabel(secret, "quic iv", 12);
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, new SecretKeySpec(expandLabel(secret, "quic key", 16), "AES"), new GCMParameterSpec(128, nonce));
        cipher.updateAAD(header);
        return cipher.doFinal(input);
    }

    private static byte[] headerMask(byte[] secret, byte[] sample) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/ECB/NoPadding");
        cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(expandLabel(secret, "quic hp", 16), "AES"));
        return cipher.doFinal(sample);
    }

    private static byte[] hkdfExtract(byte[] salt, byte[] input) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(salt, "HmacSHA256"));
        return mac.doFinal(input);
    }

    /** HKDF-Expand-Label with an empty context, for outputs up to one hash length. */
    private static byte[] expandLabel(byte[] secret, String label, int length) throws GeneralSecurityException {
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = concat(u16(length), new byte[] {(byte) fullLabel.length}, fullLabel, new byte[] {0});
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return Arrays.copyOf(mac.doFinal(concat(info, new byte[] {1})), length);
    }

    // ---- bytes ----

    private static void skip(ByteBuffer in, int bytes) {
        in.position(in.position() + bytes);
    }

    private static long readVarint(ByteBuffer in) {
        int first = in.get() & 0xff;
        int length = 1 << (first >> 6);
        long value = first & 0x3f;
        for (int i = 1; i < length; i++) {
            value = (value << 8) | (in.get() & 0xff);
        }
        return value;
    }

    private static byte[] varint(int value) {
        return value < 64 ? new byte[] {(byte) value} : varint2(value);
    }

    private static byte[] varint2(int value) {
        return new byte[] {(byte) (0x40 | (value >> 8)), (byte) value};
    }

    private static byte[] u16(int value) {
        return new byte[] {(byte) (value >> 8), (byte) value};
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

package org.quicfiles.protocol;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Optional;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * Incremental parser of one {@code <len>:<len bytes>} block, fed with bytes as they arrive.
 *
 * <p>The length has no leading zero and at most {@value Wire#MAX_LENGTH_DIGITS} digits; any other
 * byte before {@code :}, or a length over the configured maximum, is a bad request. Not thread-safe;
 * one instance parses one block (see {@link #reset()} to parse the next one).
 *
 * <p>Memory follows the bytes that actually arrived, not the declared length: the payload buffer
 * starts at {@value #INITIAL_CAPACITY} bytes and doubles as data comes in, so a peer that declares
 * {@code 9999999:} and sends nothing more costs a few KiB, not 10 MB (decision note 0150).
 */
public final class LengthPrefixedParser {
    /** The first payload buffer's size; it grows by doubling up to the declared length. */
    static final int INITIAL_CAPACITY = 4096;
    private static final byte[] EMPTY = new byte[0];

    private final long maxLength;
    private int length = -1;
    private int digits;
    private long declared;
    private byte[] payload = EMPTY;
    private int filled;

    /**
     * @param maxLength the largest payload accepted, in bytes (at most {@link Integer#MAX_VALUE} - 8)
     */
    public LengthPrefixedParser(long maxLength) {
        if (maxLength < 0 || maxLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxLength out of range: " + maxLength);
        }
        this.maxLength = maxLength;
    }

    /**
     * Consumes bytes from {@code in} up to the end of the block, leaving any later bytes in it.
     *
     * @param in bytes that arrived; its position advances past what was consumed
     * @return the payload once the block is complete, else empty (feed more bytes)
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} on a malformed prefix or a
     *         length over the maximum
     */
    public Optional<byte[]> feed(ByteBuffer in) {
        if (length >= 0 && filled == length) {
            throw new IllegalStateException("block already complete; call reset()");
        }
        while (length < 0 && in.hasRemaining()) {
            prefixByte(in.get());
        }
        if (length < 0) {
            return Optional.empty();
        }
        int n = Math.min(in.remaining(), length - filled);
        ensureCapacity(filled + n);
        in.get(payload, filled, n);
        filled += n;
        return filled == length ? Optional.of(payload) : Optional.empty();
    }

    /** The payload buffer's current size in bytes (for tests of bounded allocation). */
    int bufferCapacity() {
        return payload.length;
    }

    /** The bytes this parser holds for the block in progress (its buffer), for memory accounting. */
    public int heldBytes() {
        return payload.length;
    }

    private void ensureCapacity(int needed) {
        if (needed <= payload.length) {
            return;
        }
        long grown = Math.max(needed, Math.max(INITIAL_CAPACITY, 2L * payload.length));
        payload = Arrays.copyOf(payload, (int) Math.min(grown, length));
    }

    /** Whether any byte of a block has been consumed since construction or the last reset. */
    public boolean started() {
        return digits > 0;
    }

    /** Forgets the current block, ready for the next one. */
    public void reset() {
        length = -1;
        digits = 0;
        declared = 0;
        payload = EMPTY;
        filled = 0;
    }

    private void prefixByte(byte b) {
        if (b == ':') {
            if (digits == 0) {
                throw bad("empty length prefix");
            }
            if (declared > maxLength) {
                throw bad("block of " + declared + " bytes exceeds the maximum of " + maxLength);
            }
            length = (int) declared;
            return;
        }
        if (b < '0' || b > '9') {
            throw bad("unexpected byte 0x" + Integer.toHexString(b & 0xff) + " in length prefix");
        }
        if (digits == 1 && declared == 0) {
            throw bad("length prefix has a leading zero");
        }
        if (digits == Wire.MAX_LENGTH_DIGITS) {
            throw bad("length prefix longer than " + Wire.MAX_LENGTH_DIGITS + " digits");
        }
        digits++;
        declared = declared * 10 + (b - '0');
    }

    private static QuicFilesException bad(String message) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, message);
    }
}

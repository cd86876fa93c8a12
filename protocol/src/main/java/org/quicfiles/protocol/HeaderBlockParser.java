package org.quicfiles.protocol;

import java.nio.ByteBuffer;
import java.util.Optional;
import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * Incremental parser of a file stream's command block (and of a GET reply's head): {@code <len>:}
 * then a strict bt dictionary of exactly {@code len} bytes. Not thread-safe.
 */
public final class HeaderBlockParser {
    /** The default largest header block, in bytes. */
    public static final int DEFAULT_MAX_SIZE = 16 * 1024;

    private final LengthPrefixedParser block;
    private Bt.Dict header;

    /** @param maxSize the largest dictionary accepted, in bytes */
    public HeaderBlockParser(int maxSize) {
        this.block = new LengthPrefixedParser(maxSize);
    }

    /**
     * Consumes bytes up to the end of the block; bytes after it stay in {@code in}.
     *
     * @return the header once complete, else empty
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} on any malformed input
     */
    public Optional<Bt.Dict> feed(ByteBuffer in) {
        if (header != null) {
            return Optional.of(header);
        }
        Optional<byte[]> bytes = block.feed(in);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        if (bytes.get().length == 0 || bytes.get()[0] != 'd') {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "header block is not a bt dictionary");
        }
        header = Bt.decodeDict(bytes.get());
        return Optional.of(header);
    }

    /** The bytes buffered for the current block (for tests of bounded allocation). */
    int bufferCapacity() {
        return block.bufferCapacity();
    }

    /** Whether the block is complete. */
    public boolean isComplete() {
        return header != null;
    }

    /**
     * Parses a complete header block that fills {@code bytes} exactly.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if it is not one
     */
    public static Bt.Dict parseWhole(byte[] bytes, int maxSize) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        Optional<Bt.Dict> header = new HeaderBlockParser(maxSize).feed(in);
        if (header.isEmpty() || in.hasRemaining()) {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "not exactly one header block");
        }
        return header.get();
    }

    /** Encodes {@code header} as a block: {@code <len>:} then the canonical bt dictionary. */
    public static byte[] encode(Bt.Dict header) {
        return LengthPrefix.prepend(header.encode());
    }
}

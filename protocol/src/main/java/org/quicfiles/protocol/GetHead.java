package org.quicfiles.protocol;

import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * The head of a GET answer: {@code <len>:} then a bt dictionary {@code s}/{@code u}/{@code x};
 * exactly {@code size} content bytes follow it. Parse it incrementally with a
 * {@link HeaderBlockParser}, then {@link #fromHeader(Bt.Dict)}.
 *
 * @param size the content size in bytes
 * @param uploaded upload time, unix seconds
 * @param expiry expiry time, unix seconds
 */
public record GetHead(long size, long uploaded, long expiry) {
    /** Checks the size. */
    public GetHead {
        if (size < 0) {
            throw new IllegalArgumentException("negative size");
        }
    }

    /** The wire form: {@code <len>:d1:si..e1:ui..e1:xi..ee}. */
    public byte[] encode() {
        return HeaderBlockParser.encode(Bt.Dict.builder().put("s", size).put("u", uploaded).put("x", expiry).build());
    }

    /**
     * Reads the fields from a parsed head dictionary.
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if a field is missing or bad
     */
    public static GetHead fromHeader(Bt.Dict head) {
        long size = head.integer("s").orElseThrow(() -> missing("s"));
        if (size < 0) {
            throw new QuicFilesException(ErrorCode.BAD_REQUEST, "negative size");
        }
        return new GetHead(size, head.integer("u").orElseThrow(() -> missing("u")),
                head.integer("x").orElseThrow(() -> missing("x")));
    }

    private static QuicFilesException missing(String key) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, "GET head lacks '" + key + "'");
    }
}

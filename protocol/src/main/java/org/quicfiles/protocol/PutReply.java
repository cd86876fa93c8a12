package org.quicfiles.protocol;

import org.quicfiles.api.ErrorCode;
import org.quicfiles.api.QuicFilesException;

/**
 * The answer to a PUT: a raw bt dictionary {@code #}/{@code u}/{@code x} (no length prefix), then FIN.
 *
 * @param id the file id
 * @param uploaded upload time, unix seconds
 * @param expiry expiry time, unix seconds
 */
public record PutReply(String id, long uploaded, long expiry) {
    /** The wire form. */
    public byte[] encode() {
        return Bt.Dict.builder().put("#", id).put("u", uploaded).put("x", expiry).build().encode();
    }

    /**
     * Decodes the whole reply (every byte before FIN).
     *
     * @throws QuicFilesException with {@link ErrorCode#BAD_REQUEST} if it is not a valid reply
     */
    public static PutReply decode(byte[] bytes) {
        Bt.Dict reply = Bt.decodeDict(bytes);
        String id = reply.string("#").orElseThrow(() -> missing("#"));
        return new PutReply(FileIds.requireValid(id), reply.integer("u").orElseThrow(() -> missing("u")),
                reply.integer("x").orElseThrow(() -> missing("x")));
    }

    private static QuicFilesException missing(String key) {
        return new QuicFilesException(ErrorCode.BAD_REQUEST, "PUT reply lacks '" + key + "'");
    }
}

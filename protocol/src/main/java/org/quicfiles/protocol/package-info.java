/**
 * The quic-files wire format (see {@code protocol.md}): the {@code <len>:} framing with an
 * incremental parser ({@link org.quicfiles.protocol.LengthPrefixedParser}), file-stream header
 * blocks ({@link org.quicfiles.protocol.HeaderBlockParser}), stream-0 frames
 * ({@link org.quicfiles.protocol.Frame}, {@link org.quicfiles.protocol.FrameParser}), the GET head and
 * PUT reply ({@link org.quicfiles.protocol.GetHead}, {@link org.quicfiles.protocol.PutReply}), file ids
 * ({@link org.quicfiles.protocol.FileIds}) and server-key pinning
 * ({@link org.quicfiles.protocol.ServerKeyPin}).
 *
 * <p>Every parser is strict: malformed input is a {@link org.quicfiles.api.QuicFilesException} with
 * {@link org.quicfiles.api.ErrorCode#BAD_REQUEST}. Null policy: no method accepts or returns
 * {@code null} unless its Javadoc says so.
 */
package org.quicfiles.protocol;

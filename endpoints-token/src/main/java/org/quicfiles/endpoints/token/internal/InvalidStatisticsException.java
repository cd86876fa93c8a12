package org.quicfiles.endpoints.token.internal;

/**
 * A statistics document is malformed. The message is one line naming where, e.g.
 * {@code history[2].current_value: "abc" is not a plain decimal number}. Nothing was stored.
 */
final class InvalidStatisticsException extends Exception {
    private static final long serialVersionUID = 1L;

    InvalidStatisticsException(String message) {
        super(message.replaceAll("\\s+", " ").strip(), null, false, false);
    }
}

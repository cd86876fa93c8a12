package org.quicfiles.app.internal.config;

import java.io.Serial;

/** Configuration that cannot be used; the message is one line meant for the operator. */
public final class ConfigException extends Exception {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the source and the problem */
    public ConfigException(String message) {
        super(message);
    }
}

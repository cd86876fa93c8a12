package org.quicfiles.app;

import java.io.IOException;
import java.io.Serial;

/**
 * The server cannot start: bad configuration, an unusable key file, no usable transport or storage,
 * two plugins claiming one name. The message is one line meant for the operator.
 */
public class StartupException extends IOException {
    @Serial
    private static final long serialVersionUID = 1L;

    /** @param message one line naming the problem */
    public StartupException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the problem
     * @param cause the underlying failure, may be null
     */
    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}

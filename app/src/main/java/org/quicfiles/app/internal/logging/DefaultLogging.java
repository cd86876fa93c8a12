package org.quicfiles.app.internal.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.core.spi.ContextAwareBase;

/**
 * Logback's configuration until {@code serve} reads its keys, and for every other command: info
 * to stderr as text. Found by Logback through {@code ServiceLoader}; without it Logback's own
 * default would log at debug to stdout, where the ready line and command output go.
 */
public final class DefaultLogging extends ContextAwareBase implements Configurator {
    /** For {@code ServiceLoader}. */
    public DefaultLogging() {
    }

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        Logging.apply(context, LogSettings.defaults());
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

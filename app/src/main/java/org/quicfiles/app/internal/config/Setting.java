package org.quicfiles.app.internal.config;

import java.util.Objects;

/**
 * One configuration value and where the operator set it.
 *
 * @param value the value as written
 * @param origin where it was set, for messages: a flag ({@code --max-ttl}, {@code -D/--set}), an
 *        environment variable ({@code environment variable QUICFILES_FILES_MAX_SIZE}) or a file and
 *        line ({@code /etc/quicfiles.conf:3})
 */
public record Setting(String value, String origin) {
    /** Checks the fields. */
    public Setting {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(origin, "origin");
    }
}

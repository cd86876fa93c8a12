package org.quicfiles.api.spi;

import java.nio.file.Path;
import java.util.Objects;
import org.quicfiles.api.Config;

/**
 * Where and how a {@link StorageProvider} opens its store.
 *
 * @param directory the data folder the store keeps its blobs under
 * @param config the {@code storage.} configuration section
 * @param logger where to log
 *
 * @since 0.1.0 (api version 1)
 */
public record StorageContext(Path directory, Config config, System.Logger logger) {
    /** Checks the fields. */
    public StorageContext {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(logger, "logger");
    }
}

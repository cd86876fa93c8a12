package org.quicfiles.app.internal.plugins;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A plugin jar or folder that could not be used.
 *
 * @param source the jar or folder
 * @param reason one line saying why
 */
public record SkippedPlugin(Path source, String reason) {
    /** Checks the fields. */
    public SkippedPlugin {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
    }

    /** The report line, e.g. {@code skipped plugin broken.jar: Module foo not found}. */
    public String describe() {
        return "skipped plugin " + source.getFileName() + ": " + reason;
    }
}

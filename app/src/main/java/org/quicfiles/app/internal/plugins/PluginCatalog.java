package org.quicfiles.app.internal.plugins;

import java.util.List;

/**
 * What a plugins folder holds.
 *
 * @param loaded the usable plugins, in folder order
 * @param skipped what could not be loaded, and why
 * @param conflicts one line per name claimed by two plugins; the server refuses to start while
 *        any exist
 */
public record PluginCatalog(List<LoadedPlugin> loaded, List<SkippedPlugin> skipped, List<String> conflicts) {
    /** Copies the lists. */
    public PluginCatalog {
        loaded = List.copyOf(loaded);
        skipped = List.copyOf(skipped);
        conflicts = List.copyOf(conflicts);
    }

    /** A catalog with nothing in it. */
    public static PluginCatalog empty() {
        return new PluginCatalog(List.of(), List.of(), List.of());
    }
}

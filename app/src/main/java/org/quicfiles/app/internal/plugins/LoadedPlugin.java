package org.quicfiles.app.internal.plugins;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.quicfiles.api.spi.EndpointProvider;

/**
 * A plugin whose provider was instantiated and passed the checks, not yet started.
 *
 * @param provider the provider, from the plugin's own layer
 * @param source the jar or folder it came from
 * @param version the plugin module's version, or {@code unversioned}
 * @param streamCommands the stream commands it declares, sorted
 * @param requestEndpoints the request endpoints it declares, sorted
 */
public record LoadedPlugin(EndpointProvider provider, Path source, String version,
                           Set<String> streamCommands, Set<String> requestEndpoints) {
    /** Copies the sets into sorted order. */
    public LoadedPlugin {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        streamCommands = Collections.unmodifiableSortedSet(new TreeSet<>(streamCommands));
        requestEndpoints = Collections.unmodifiableSortedSet(new TreeSet<>(requestEndpoints));
    }

    /** The plugin's name. */
    public String name() {
        return provider.name();
    }

    /** The jar or folder name, for reports. */
    public String sourceName() {
        return String.valueOf(source.getFileName());
    }
}

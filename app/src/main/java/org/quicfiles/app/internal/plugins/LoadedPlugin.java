package org.quicfiles.app.internal.plugins;

import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import org.quicfiles.api.spi.EndpointProvider;

/**
 * A plugin whose provider was instantiated and passed the checks, not yet started.
 *
 * @param provider the provider, from the plugin's own layer
 * @param source the jar or folder it came from
 * @param version the plugin module's version, or {@code unversioned}
 * @param streamCommands the stream commands it declares, sorted
 * @param requestEndpoints the request endpoints it declares, sorted
 * @param tools the operator commands ({@link ToolProvider}s) its source provides, by name, sorted;
 *        run as {@code quicfiles NAME …}
 */
public record LoadedPlugin(EndpointProvider provider, Path source, String version,
                           Set<String> streamCommands, Set<String> requestEndpoints, Map<String, ToolProvider> tools) {
    /** Copies the sets and the map into sorted order. */
    public LoadedPlugin {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(version, "version");
        streamCommands = Collections.unmodifiableSortedSet(new TreeSet<>(streamCommands));
        requestEndpoints = Collections.unmodifiableSortedSet(new TreeSet<>(requestEndpoints));
        tools = Collections.unmodifiableSortedMap(new TreeMap<>(tools));
    }

    /** A plugin without operator tools. */
    public LoadedPlugin(EndpointProvider provider, Path source, String version,
                        Set<String> streamCommands, Set<String> requestEndpoints) {
        this(provider, source, version, streamCommands, requestEndpoints, Map.of());
    }

    /** The plugin's name. */
    public String name() {
        return provider.name();
    }

    /** The configuration keys the plugin declares, relative to its section (checked when it was loaded). */
    public Set<String> configKeys() {
        return provider.configKeys();
    }

    /** The jar or folder name, for reports. */
    public String sourceName() {
        return String.valueOf(source.getFileName());
    }
}

package org.quicfiles.api.spi;

import java.util.Set;
import org.quicfiles.api.endpoint.Endpoints;

/**
 * An endpoint plugin, declared in its module descriptor with
 * {@code provides org.quicfiles.api.spi.EndpointProvider with ...}. The server loads each plugin jar
 * in its own module layer, checks {@link #apiVersion()}, refuses to start when two plugins claim the
 * same command or endpoint name, then calls {@link #create(ServerContext)} once at start-up. A
 * plugin that fails to load stops start-up (unless the operator asks to skip broken plugins), and
 * one whose {@link #create(ServerContext)} throws always does.
 *
 * @since 0.1.0 (api version 1)
 */
public interface EndpointProvider {
    /** A stable, unique plugin name, e.g. {@code files}; also the plugin's config section. */
    String name();

    /**
     * The api version this plugin was built against: implement it as
     * {@code return ApiVersion.CURRENT;} (the constant is compiled into the plugin).
     */
    int apiVersion();

    /** The file-stream command names ({@code !} values) that {@link #create} will serve. */
    Set<String> streamCommands();

    /** The stream-0 endpoint names that {@link #create} will serve. */
    Set<String> requestEndpoints();

    /**
     * Creates the plugin's endpoints. May create tables, start scheduled tasks on the context's
     * scheduler, and so on; it must serve exactly the names declared above.
     *
     * @param context what the server offers the plugin
     * @throws Exception if the plugin cannot start, e.g. a bad value in its section; the server
     *         stops with one line naming the plugin and the message (start a message about a key
     *         with the key, e.g. {@code max-ttl: must be at least 30s}, and the server names the
     *         full key and where the operator set it)
     */
    Endpoints create(ServerContext context) throws Exception;

    /**
     * The configuration keys this plugin reads, relative to its section (its {@link #name()}): the
     * key {@code max-size} of plugin {@code files} is set as {@code files.max-size}. The server
     * refuses to start when the operator sets a key that no provider declares (a misspelt key would
     * otherwise be silently ignored) and names the nearest declared one. Declare every key read,
     * including those with defaults: the default declares none, so any key set in the plugin's
     * section is refused as unknown.
     *
     * @return the keys, e.g. {@code Set.of("max-size", "max-ttl")}; not null, may be empty
     * @since 0.1.0 (api version 1: a default method, so plugins built before it still load)
     */
    default Set<String> configKeys() {
        return Set.of();
    }
}

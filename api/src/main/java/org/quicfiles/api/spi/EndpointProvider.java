package org.quicfiles.api.spi;

import java.util.Set;
import org.quicfiles.api.endpoint.Endpoints;

/**
 * An endpoint plugin, declared in its module descriptor with
 * {@code provides org.quicfiles.api.spi.EndpointProvider with ...}. The server loads each plugin jar
 * in its own module layer, checks {@link #apiVersion()}, refuses to start when two plugins claim the
 * same command or endpoint name, then calls {@link #create(ServerContext)} once at start-up. A
 * plugin that fails to load or to start is reported in one line and skipped.
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
     * @throws Exception if the plugin cannot start; the server reports it in one line and starts
     *         without this plugin
     */
    Endpoints create(ServerContext context) throws Exception;
}

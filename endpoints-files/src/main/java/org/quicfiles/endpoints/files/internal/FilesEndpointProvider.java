package org.quicfiles.endpoints.files.internal;

import java.util.Set;
import org.quicfiles.api.ApiVersion;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.api.spi.EndpointProvider;
import org.quicfiles.api.spi.ServerContext;

/**
 * The {@code files} endpoint plugin: {@code PUT}, {@code GET}, {@code file_info} and
 * {@code file_extend}. Stateless; {@link #create(ServerContext)} starts a {@link FilesPlugin}.
 */
public final class FilesEndpointProvider implements EndpointProvider {
    /** The plugin name, also its config section. */
    public static final String NAME = "files";

    /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
    public FilesEndpointProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public Set<String> streamCommands() {
        return Set.of(PutStreamCommand.NAME, GetStreamCommand.NAME);
    }

    @Override
    public Set<String> requestEndpoints() {
        return Set.of(FileInfoEndpoint.NAME, FileExtendEndpoint.NAME);
    }

    @Override
    public Set<String> configKeys() {
        return FilesSettings.KEYS;
    }

    @Override
    public Endpoints create(ServerContext context) throws Exception {
        return FilesPlugin.start(context).endpoints();
    }
}

package org.quicfiles.endpoints.token.internal;

import java.util.Map;
import java.util.Set;
import org.quicfiles.api.ApiVersion;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.api.spi.EndpointProvider;
import org.quicfiles.api.spi.ServerContext;

/**
 * The {@code token} plugin: serves {@code token_info} from its tables and, when
 * {@code token.source-url} is set, loads the feed on a schedule.
 */
public final class TokenProvider implements EndpointProvider {
    /** The stream-0 endpoint this plugin serves. */
    static final String ENDPOINT = "token_info";

    /** Used by {@link java.util.ServiceLoader}. */
    public TokenProvider() {
    }

    @Override
    public String name() {
        return "token";
    }

    @Override
    public int apiVersion() {
        return ApiVersion.CURRENT;
    }

    @Override
    public Set<String> streamCommands() {
        return Set.of();
    }

    @Override
    public Set<String> requestEndpoints() {
        return Set.of(ENDPOINT);
    }

    @Override
    public java.util.Set<String> configKeys() {
        return TokenSettings.KEYS;
    }

    @Override
    public Endpoints create(ServerContext context) throws Exception {
        TokenSettings settings = TokenSettings.from(context.config());
        TokenStore.migrate(context.dataSource());
        TokenStore store = new TokenStore(context.dataSource());
        TokenInfoEndpoint endpoint = new TokenInfoEndpoint(store, context.clock());
        if (settings.sourceUrl().isEmpty()) {
            return new Endpoints(Map.of(), Map.of(ENDPOINT, endpoint));
        }
        StatisticsFeed feed = new StatisticsFeed(settings.sourceUrl().get(), settings,
                new TokenImporter(store, context.clock()), context.logger());
        feed.start(context.scheduler());
        return new Endpoints(Map.of(), Map.of(ENDPOINT, endpoint), feed);
    }
}

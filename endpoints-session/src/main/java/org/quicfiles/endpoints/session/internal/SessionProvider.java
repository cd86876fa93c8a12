package org.quicfiles.endpoints.session.internal;

import java.util.Map;
import java.util.Set;
import org.quicfiles.api.ApiVersion;
import org.quicfiles.api.endpoint.Endpoints;
import org.quicfiles.api.spi.EndpointProvider;
import org.quicfiles.api.spi.ServerContext;

/**
 * The {@code session} plugin: serves {@code session_version} from its tables and, unless
 * {@code session.enabled=false}, keeps those tables fresh from the GitHub releases API.
 */
public final class SessionProvider implements EndpointProvider {
    /** The stream-0 endpoint this plugin serves. */
    static final String ENDPOINT = "session_version";

    /** Used by {@link java.util.ServiceLoader}. */
    public SessionProvider() {
    }

    @Override
    public String name() {
        return "session";
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
        return SessionSettings.KEYS;
    }

    @Override
    public Endpoints create(ServerContext context) throws Exception {
        SessionSettings settings = SessionSettings.from(context.config());
        ReleaseStore.migrate(context.dataSource());
        ReleaseStore store = new ReleaseStore(context.dataSource());
        SessionVersionEndpoint endpoint = new SessionVersionEndpoint(settings, store);
        if (!settings.enabled()) {
            return new Endpoints(Map.of(), Map.of(ENDPOINT, endpoint));
        }
        Set<String> loggedTags = java.util.concurrent.ConcurrentHashMap.newKeySet();
        GitHubReleaseParser parser = new GitHubReleaseParser(tag -> {
            if (loggedTags.add(tag)) {
                context.logger().log(System.Logger.Level.INFO,
                        "session: ignoring release tag '" + tag + "' (not v?X.Y.Z[-alpha.N|-beta.N])");
            }
        });
        GitHubReleaseClient client = new GitHubReleaseClient(settings, parser);
        ReleasePoller poller = new ReleasePoller(settings, store, client, context.clock(), context.logger());
        PollSchedule schedule = new PollSchedule(poller, context.logger());
        schedule.start(context.scheduler(), PollSchedule.period(settings));
        return new Endpoints(Map.of(), Map.of(ENDPOINT, endpoint), () -> {
            schedule.close();
            client.close();
        });
    }
}

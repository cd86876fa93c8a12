/**
 * The {@code session_version} endpoint: a poller that keeps Session's releases from the GitHub
 * releases API in the metadata database, and the stream-0 endpoint that answers from those tables.
 * Exports nothing; the provider is found through {@link java.util.ServiceLoader}.
 */
module org.quicfiles.endpoints.session {
    requires org.quicfiles.api;
    // schema migrations, from the boot layer (decision 0012)
    requires org.quicfiles.plugin.support;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    provides org.quicfiles.api.spi.EndpointProvider
            with org.quicfiles.endpoints.session.internal.SessionProvider;
}

/**
 * The {@code token_info} endpoint: token statistics kept in the metadata database, loaded from a
 * JSON feed polled on a schedule or imported by the operator (the {@code token} tool). Exports
 * nothing; the providers are found through {@link java.util.ServiceLoader}.
 */
module org.quicfiles.endpoints.token {
    requires org.quicfiles.api;
    // schema migrations and the operator tool's UrlDataSource, from the boot layer (decision 0012)
    requires org.quicfiles.plugin.support;
    requires com.fasterxml.jackson.databind;
    requires java.net.http;

    provides org.quicfiles.api.spi.EndpointProvider
            with org.quicfiles.endpoints.token.internal.TokenProvider;
    provides java.util.spi.ToolProvider
            with org.quicfiles.endpoints.token.internal.TokenTool;
}

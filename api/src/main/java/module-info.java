/**
 * The stable quicfiles plugin API. Depends on nothing outside the JDK.
 *
 * <ul>
 *   <li>{@code org.quicfiles.api}: value types (bt values, file metadata, configuration) and the one
 *       exception that carries a protocol error code;</li>
 *   <li>{@code org.quicfiles.api.endpoint}: what an endpoint plugin implements (stream commands and
 *       request endpoints);</li>
 *   <li>{@code org.quicfiles.api.storage}: the blob store endpoints read and write;</li>
 *   <li>{@code org.quicfiles.api.spi}: the providers that the server discovers with
 *       {@link java.util.ServiceLoader} (endpoints, storage, transport).</li>
 * </ul>
 */
module org.quicfiles.api {
    requires transitive java.sql;

    exports org.quicfiles.api;
    exports org.quicfiles.api.endpoint;
    exports org.quicfiles.api.storage;
    exports org.quicfiles.api.spi;

    uses org.quicfiles.api.spi.EndpointProvider;
}

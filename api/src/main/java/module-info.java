/**
 * The stable quicfiles plugin API, version 2 ({@link org.quicfiles.api.ApiVersion}). Depends on
 * nothing outside the JDK and holds contracts, not codecs: the bt and JSON codecs are the
 * {@code org.quicfiles.protocol} module's.
 *
 * <ul>
 *   <li>{@code org.quicfiles.api}: value types (file metadata, configuration) and the one
 *       exception that carries a protocol error code;</li>
 *   <li>{@code org.quicfiles.api.endpoint}: what an endpoint plugin implements (stream commands and
 *       request endpoints) and the parsed {@code Request} the server hands them;</li>
 *   <li>{@code org.quicfiles.api.storage}: the blob store endpoints read and write;</li>
 *   <li>{@code org.quicfiles.api.spi}: the providers that the server discovers with
 *       {@link java.util.ServiceLoader} (endpoints, storage, transport).</li>
 * </ul>
 *
 * <p>Helpers for plugins with tables (schema migrations, the leader lock, a URL data source) are
 * the {@code org.quicfiles.plugin.support} module's since api version 2 (decision 0012).
 */
module org.quicfiles.api {
    requires transitive java.sql;

    exports org.quicfiles.api;
    exports org.quicfiles.api.endpoint;
    exports org.quicfiles.api.storage;
    exports org.quicfiles.api.spi;
}

/**
 * The files plugin: the {@code PUT} and {@code GET} file-stream commands, the {@code file_info} and
 * {@code file_extend} request endpoints, content ids, the files table and the expiry deleter.
 * Exports nothing; the provider is found through {@link java.util.ServiceLoader} under the name
 * {@code files}.
 */
module org.quicfiles.endpoints.files {
    requires org.quicfiles.api;
    // the wire vocabulary (bt for the GET head and PUT reply) left the api in api 2 (note 0010)
    requires org.quicfiles.protocol;
    requires org.bouncycastle.provider;
    requires com.fasterxml.jackson.databind;

    provides org.quicfiles.api.spi.EndpointProvider
            with org.quicfiles.endpoints.files.internal.FilesEndpointProvider;
    provides java.util.spi.ToolProvider
            with org.quicfiles.endpoints.files.internal.FilesTool;
}

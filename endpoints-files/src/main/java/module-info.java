/**
 * The files plugin: the {@code PUT} and {@code GET} file-stream commands, the {@code file_info} and
 * {@code file_extend} request endpoints, content ids, the files table and the expiry deleter.
 * Exports nothing; the provider is found through {@link java.util.ServiceLoader} under the name
 * {@code files}.
 */
module org.quicfiles.endpoints.files {
    requires org.quicfiles.api;
    // schema migrations and the deleter's leader lock, from the boot layer (decision 0012)
    requires org.quicfiles.plugin.support;
    // the file-stream vocabulary: file ids, GET head, PUT reply, content ids (decision 0020)
    requires org.quicfiles.protocol;
    requires com.fasterxml.jackson.databind;

    provides org.quicfiles.api.spi.EndpointProvider
            with org.quicfiles.endpoints.files.internal.FilesEndpointProvider;
    provides java.util.spi.ToolProvider
            with org.quicfiles.endpoints.files.internal.FilesTool;
}

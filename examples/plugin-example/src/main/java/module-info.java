/**
 * An example third-party quicfiles plugin, built against {@code quicfiles-api} alone. It serves a
 * request endpoint {@code hello} (a greeting, in bt or JSON) and a stream command {@code UPPER}
 * (streams the body back upper-cased, chunk by chunk). Exports nothing: the server finds the
 * provider through the {@code provides} clause.
 */
module org.quicfiles.examples.hello {
    requires org.quicfiles.api;

    provides org.quicfiles.api.spi.EndpointProvider
            with org.quicfiles.examples.hello.internal.HelloProvider;
}

/**
 * Benchmarks of quicfiles' storage and transport, each against a baseline measured in the same
 * run. The storage benchmark finds the providers through {@link java.util.ServiceLoader}, as the
 * server does.
 */
module org.quicfiles.bench {
    requires org.quicfiles.api;

    uses org.quicfiles.api.spi.StorageProvider;
}

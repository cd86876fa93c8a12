/**
 * Component benchmarks of quicfiles, in process, each against a baseline measured in the same run
 * (end-to-end figures are the load tool's, module {@code org.quicfiles.load}). The storage
 * benchmark finds the providers through {@link java.util.ServiceLoader}, as the server does.
 */
module org.quicfiles.bench {
    requires org.quicfiles.api;

    uses org.quicfiles.api.spi.StorageProvider;
}

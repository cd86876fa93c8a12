/**
 * Local-disk blob storage, JDK only: the on-disk layout every local provider shares and the
 * portable provider {@code nio} of {@link org.quicfiles.api.spi.StorageProvider}, the default. The
 * server finds it with {@link java.util.ServiceLoader}. The layout package is exported to
 * {@code org.quicfiles.storage.uring} (the io_uring provider of the same layout) and nobody else.
 */
module org.quicfiles.storage.local {
    requires org.quicfiles.api;

    exports org.quicfiles.storage.local.internal to org.quicfiles.storage.uring;

    provides org.quicfiles.api.spi.StorageProvider
            with org.quicfiles.storage.local.internal.nio.NioStorageProvider;
}

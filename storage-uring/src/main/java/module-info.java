/**
 * Local-disk blob storage. Two providers of {@link org.quicfiles.api.spi.StorageProvider} share one
 * on-disk layout: {@code uring} (io_uring through Netty's raw operations, preferred where io_uring
 * really works) and {@code nio} (portable). Exports nothing: the server finds them with
 * {@link java.util.ServiceLoader}.
 */
module org.quicfiles.storage.uring {
    requires org.quicfiles.api;
    requires io.netty.transport.classes.io_uring;

    provides org.quicfiles.api.spi.StorageProvider
            with org.quicfiles.storage.uring.internal.nio.NioStorageProvider;
}

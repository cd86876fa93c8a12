/**
 * Local-disk blob storage. Two providers of {@link org.quicfiles.api.spi.StorageProvider} share one
 * on-disk layout: {@code uring} (io_uring through Netty's raw operations, preferred where io_uring
 * really works) and {@code nio} (portable). Exports nothing: the server finds them with
 * {@link java.util.ServiceLoader}. At run time the native module
 * {@code io.netty.transport.io_uring.linux.x86_64} must be resolved ({@code --add-modules}), or
 * {@code uring} reports itself unusable.
 */
module org.quicfiles.storage.uring {
    requires org.quicfiles.api;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.io_uring;

    provides org.quicfiles.api.spi.StorageProvider
            with org.quicfiles.storage.uring.internal.uring.UringStorageProvider,
                 org.quicfiles.storage.uring.internal.nio.NioStorageProvider;
}

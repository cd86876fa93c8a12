/**
 * Local-disk blob storage through io_uring: the provider {@code uring} of
 * {@link org.quicfiles.api.spi.StorageProvider}, writing the on-disk layout of
 * {@code org.quicfiles.storage.local} (which also holds the portable provider {@code nio}). Exports
 * nothing: the server finds it with {@link java.util.ServiceLoader}. At run time the native module
 * {@code io.netty.transport.io_uring.linux.x86_64} must be resolved ({@code --add-modules}), or
 * {@code uring} reports itself unusable.
 */
module org.quicfiles.storage.uring {
    requires org.quicfiles.api;
    requires org.quicfiles.storage.local;
    requires io.netty.buffer;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.classes.io_uring;

    provides org.quicfiles.api.spi.StorageProvider
            with org.quicfiles.storage.uring.internal.UringStorageProvider;
}

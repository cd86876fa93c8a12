/** Local-disk blob storage (io_uring and portable NIO). */
module org.quicfiles.storage.uring {
    requires org.quicfiles.api;
    requires io.netty.transport.classes.io_uring;
}

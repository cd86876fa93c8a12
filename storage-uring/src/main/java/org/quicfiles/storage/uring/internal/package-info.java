/**
 * The io_uring provider {@code uring}: blob opens, reads, writes, fsyncs, renames and unlinks are
 * raw io_uring submissions through Netty 4.2's {@code IoUringIoOps}, completed on an io_uring event
 * loop, awaited by the (virtual) caller thread. Downloads keep several READs in flight, uploads
 * several WRITEs. Not exported.
 */
package org.quicfiles.storage.uring.internal;

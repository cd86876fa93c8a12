/**
 * The portable provider {@code nio}: {@link java.nio.channels.FileChannel} reads and writes, and
 * {@link java.nio.file.Files#move} with {@code ATOMIC_MOVE} as the commit. Usable everywhere; the
 * fallback when io_uring is not. Not exported.
 */
package org.quicfiles.storage.local.internal.nio;

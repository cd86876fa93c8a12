package org.quicfiles.storage.uring.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.storage.local.internal.StorageErrors;

/**
 * Typed file operations on one io_uring loop: each is one submission, and the blocking forms park
 * the calling (virtual) thread until its completion. Results below zero become
 * {@link StorageException}s through {@link StorageErrors#fromErrno}. Paths travel as NUL-terminated
 * bytes in pooled direct buffers, released once the kernel has answered.
 */
final class UringFiles {
    static final byte IORING_OP_FSYNC = 3;
    static final byte IORING_OP_OPENAT = 18;
    static final byte IORING_OP_CLOSE = 19;
    static final byte IORING_OP_STATX = 21;
    static final byte IORING_OP_READ = 22;
    static final byte IORING_OP_WRITE = 23;
    static final byte IORING_OP_RENAMEAT = 35;
    static final byte IORING_OP_UNLINKAT = 36;

    static final int O_RDONLY = 0;
    static final int O_WRONLY = 1;
    static final int O_CREAT = 0100;
    static final int O_EXCL = 0200;
    static final int O_DIRECTORY = 0200000;
    static final int O_CLOEXEC = 02000000;
    private static final int AT_FDCWD = -100;
    private static final int AT_EMPTY_PATH = 0x1000;
    private static final int STATX_SIZE = 0x200;
    private static final int STATX_BUFFER_SIZE = 256;
    private static final int STATX_SIZE_OFFSET = 40;
    static final int EEXIST = 17;

    private final UringChannel channel;

    UringFiles(UringChannel channel) {
        this.channel = channel;
    }

    /** Opens {@code path}; returns the descriptor. */
    int open(Path path, int flags, int mode, String what) throws StorageException {
        ByteBuf name = cString(path.toString());
        try {
            return check(await(channel.submit(IORING_OP_OPENAT, AT_FDCWD, 0, name.memoryAddress(), mode,
                    flags | O_CLOEXEC)), what);
        } finally {
            name.release();
        }
    }

    /** The raw result of an open: a descriptor, or −errno. */
    int tryOpen(Path path, int flags, int mode) throws StorageException {
        ByteBuf name = cString(path.toString());
        try {
            return await(channel.submit(IORING_OP_OPENAT, AT_FDCWD, 0, name.memoryAddress(), mode, flags | O_CLOEXEC));
        } finally {
            name.release();
        }
    }

    /** The size of the open file {@code fd}. */
    long size(int fd, String what) throws StorageException {
        ByteBuf empty = cString("");
        ByteBuf statx = PooledByteBufAllocator.DEFAULT.directBuffer(STATX_BUFFER_SIZE);
        try {
            check(await(channel.submit(IORING_OP_STATX, fd, statx.memoryAddress(), empty.memoryAddress(),
                    STATX_SIZE, AT_EMPTY_PATH)), what);
            return statx.getLongLE(STATX_SIZE_OFFSET);
        } finally {
            statx.release();
            empty.release();
        }
    }

    /** Starts a read of up to {@code length} bytes at {@code offset} into native memory {@code address}. */
    CompletableFuture<Integer> read(int fd, long offset, long address, int length) {
        return channel.submit(IORING_OP_READ, fd, offset, address, length, 0);
    }

    /** Starts a write of {@code length} bytes at {@code offset} from native memory {@code address}. */
    CompletableFuture<Integer> write(int fd, long offset, long address, int length) {
        return channel.submit(IORING_OP_WRITE, fd, offset, address, length, 0);
    }

    /**
     * fsync, then close once the fsync has completed. The descriptor is closed whatever happens;
     * the fsync's failure is thrown. Not linked ({@code IOSQE_IO_LINK}): with the link, a CLOSE
     * overtook its FSYNC at concurrency 256 (EBADF), most likely because Netty submits its small
     * queue whenever it fills and so can split a chain; see decision note 0202.
     */
    void fsyncAndClose(int fd, String what) throws StorageException {
        int synced;
        try {
            synced = await(channel.submit(IORING_OP_FSYNC, fd, 0, 0, 0, 0));
        } finally {
            close(fd);
        }
        check(synced, what);
    }

    /** Renames {@code from} to {@code to}, replacing {@code to} atomically. */
    void rename(Path from, Path to, String what) throws StorageException {
        ByteBuf oldName = cString(from.toString());
        ByteBuf newName = cString(to.toString());
        try {
            check(await(channel.submit(IORING_OP_RENAMEAT, AT_FDCWD, newName.memoryAddress(), oldName.memoryAddress(),
                    AT_FDCWD, 0)), what);
        } finally {
            oldName.release();
            newName.release();
        }
    }

    /** Unlinks {@code path}; false if there was nothing. */
    boolean unlink(Path path, String what) throws StorageException {
        ByteBuf name = cString(path.toString());
        try {
            int result = await(channel.submit(IORING_OP_UNLINKAT, AT_FDCWD, 0, name.memoryAddress(), 0, 0));
            if (result == -StorageErrors.ENOENT) {
                return false;
            }
            check(result, what);
            return true;
        } finally {
            name.release();
        }
    }

    /** fsync of a directory: its entries (renames, creations) are durable on return. */
    void syncDirectory(Path directory) throws StorageException {
        int fd = open(directory, O_RDONLY | O_DIRECTORY, 0, "open folder " + directory);
        fsyncAndClose(fd, "sync folder " + directory);
    }

    /** Closes {@code fd}; a close never fails the caller (the descriptor is gone either way). */
    void close(int fd) {
        if (channel.isOpen()) {
            try {
                if (await(channel.submit(IORING_OP_CLOSE, fd, 0, 0, 0, 0)) >= 0) {
                    return;
                }
            } catch (StorageException | RuntimeException ringGone) {
                // fall through to a plain close(2)
            }
        }
        closeDirectly(fd);
    }

    private static void closeDirectly(int fd) {
        try {
            new io.netty.channel.unix.FileDescriptor(fd).close();
        } catch (java.io.IOException ignored) {
            // nothing more can be done with a descriptor that will not close
        }
    }

    /**
     * Waits for an operation's completion without giving up on interrupts: a buffer the kernel is
     * still writing into must not be released, so the wait always sees the completion.
     */
    static int await(CompletableFuture<Integer> operation) throws StorageException {
        try {
            return operation.join();
        } catch (RuntimeException e) {
            throw new StorageException(StorageException.Kind.IO_ERROR, "io_uring: " + e.getMessage(), e);
        }
    }

    /** Returns a non-negative result, or throws the error a negative one stands for. */
    static int check(int result, String what) throws StorageException {
        if (result < 0) {
            throw StorageErrors.fromErrno(what, result);
        }
        return result;
    }

    private static ByteBuf cString(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        ByteBuf buffer = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length + 1);
        buffer.writeBytes(bytes).writeByte(0);
        return buffer;
    }
}

package org.quicfiles.storage.uring.internal;

import io.netty.channel.uring.IoUring;
import java.nio.file.Path;

/**
 * Finds out once per JVM whether io_uring file I/O really works here: Netty's native library must
 * load and the kernel must accept a ring ({@link IoUring#isAvailable()}), and then one real OPENAT
 * and CLOSE of the root folder must complete through a ring (seccomp filters and container runtimes
 * can forbid io_uring even where the kernel has it). No kernel-version guess.
 */
final class UringProbe {
    /** Null when usable, else why not. */
    private static final String REASON = probe();

    private UringProbe() {
    }

    /** Why io_uring is not usable, or null if it is. */
    static String unusableReason() {
        return REASON;
    }

    private static String probe() {
        try {
            if (!IoUring.isAvailable()) {
                Throwable cause = IoUring.unavailabilityCause();
                return "io_uring is unavailable: " + (cause == null ? "no reason given" : cause)
                        + " (is the native module io.netty.transport.io_uring.linux.x86_64 on the module path and added?)";
            }
            try (UringRing ring = UringRing.start(1, 1)) {
                UringFiles files = ring.next();
                int fd = files.tryOpen(Path.of("/"), UringFiles.O_RDONLY | UringFiles.O_DIRECTORY, 0);
                if (fd < 0) {
                    return "an io_uring OPENAT of / failed with errno " + -fd;
                }
                files.close(fd);
            }
            return null;
        } catch (Throwable e) {
            return "an io_uring test submission failed: " + e;
        }
    }
}

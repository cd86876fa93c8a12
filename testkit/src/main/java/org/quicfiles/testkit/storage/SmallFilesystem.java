package org.quicfiles.testkit.storage;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A tiny tmpfs mounted on a test folder, so that a full device (ENOSPC) is real, not simulated.
 * Needs root; without it the test is skipped with the reason.
 */
final class SmallFilesystem implements AutoCloseable {
    private final Path mountPoint;

    private SmallFilesystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code size} (e.g. {@code 1m}) on {@code mountPoint}, or skips the test. */
    static SmallFilesystem mount(Path mountPoint, String size) throws IOException {
        String output = run("mount", "-t", "tmpfs", "-o", "size=" + size, "quicfiles-test", mountPoint.toString());
        assumeTrue(output == null, "ENOSPC cannot be produced here: mounting a " + size
                + " tmpfs failed (needs root): " + output);
        return new SmallFilesystem(mountPoint);
    }

    @Override
    public void close() throws IOException {
        String output = run("umount", mountPoint.toString());
        if (output != null) {
            throw new IOException("umount " + mountPoint + " failed: " + output);
        }
    }

    /** Runs a command; null if it succeeded, else its exit code and output. */
    private static String run(String... command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            return e.getMessage();
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        int code;
        try {
            code = process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
        return code == 0 ? null : "exit " + code + ": " + output;
    }
}

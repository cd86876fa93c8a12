package org.quicfiles.storage.local.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;
import org.quicfiles.api.storage.StorageException;
import org.quicfiles.api.storage.StorageException.Kind;

class StorageErrorsTest {
    @Test
    void errnoValuesMapToKinds() {
        assertEquals(Kind.NOT_FOUND, StorageErrors.fromErrno("open", -2).kind());
        assertEquals(Kind.NO_SPACE, StorageErrors.fromErrno("write", -28).kind());
        assertEquals(Kind.NO_SPACE, StorageErrors.fromErrno("write", -122).kind());
        assertEquals(Kind.IO_ERROR, StorageErrors.fromErrno("read", -5).kind());
        assertEquals(Kind.IO_ERROR, StorageErrors.fromErrno("read", -13).kind());
        assertEquals("read: Input/output error (errno 5)", StorageErrors.fromErrno("read", -5).getMessage());
    }

    @Test
    void jdkExceptionsMapToKinds() {
        assertEquals(Kind.NOT_FOUND, StorageErrors.fromIo("open", new NoSuchFileException("/x")).kind());
        assertEquals(Kind.NO_SPACE, StorageErrors.fromIo("write", new IOException("No space left on device")).kind());
        assertEquals(Kind.NO_SPACE, StorageErrors.fromIo("write",
                new FileSystemException("/x", null, "Disk quota exceeded")).kind());
        assertEquals(Kind.NO_SPACE, StorageErrors.fromIo("write",
                new IOException("wrapped", new IOException("No space left on device"))).kind());
        assertEquals(Kind.IO_ERROR, StorageErrors.fromIo("read", new IOException("Input/output error")).kind());
        StorageException already = new StorageException(Kind.NOT_FOUND, "x", null);
        assertSame(already, StorageErrors.fromIo("again", already));
    }
}

package org.quicfiles.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.spi.Transport;
import org.quicfiles.api.spi.TransportContext;
import org.quicfiles.api.spi.TransportProvider;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;
import org.quicfiles.api.storage.StorageException;

/** A transport that only records its context, and a store that holds nothing, for lifecycle tests. */
final class FakeProviders {
    private FakeProviders() {
    }

    /** Records the context it was started with; "binds" 127.0.0.1:4433. */
    static final class RecordingTransport implements TransportProvider {
        final AtomicReference<TransportContext> context = new AtomicReference<>();
        volatile boolean closed;

        @Override
        public String name() {
            return "fake";
        }

        @Override
        public boolean isUsable() {
            return true;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public Transport start(TransportContext started) {
            context.set(started);
            return new Transport() {
                @Override
                public InetSocketAddress localAddress() {
                    return new InetSocketAddress("127.0.0.1", 4433);
                }

                @Override
                public String describe() {
                    return "fake/test";
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }

    /** A store with no blobs whose writers accept nothing. */
    static final class EmptyStorage implements StorageProvider {
        volatile boolean closed;

        @Override
        public String name() {
            return "empty";
        }

        @Override
        public boolean isUsable() {
            return true;
        }

        @Override
        public int priority() {
            return 0;
        }

        @Override
        public BlobStore open(StorageContext context) {
            return new BlobStore() {
                @Override
                public BlobWriter create() throws IOException {
                    throw new StorageException(StorageException.Kind.NO_SPACE, "empty store", null);
                }

                @Override
                public BlobReader open(String id) throws IOException {
                    throw new StorageException(StorageException.Kind.NOT_FOUND, id, null);
                }

                @Override
                public boolean exists(String id) {
                    return false;
                }

                @Override
                public boolean delete(String id) {
                    return false;
                }

                @Override
                public List<String> ids() {
                    return List.of();
                }

                @Override
                public List<String> leftovers() {
                    return List.of();
                }

                @Override
                public int removeLeftovers() {
                    return 0;
                }

                @Override
                public String describe() {
                    return "empty";
                }

                @Override
                public void close() {
                    closed = true;
                }
            };
        }
    }

    /** A buffer over a string, for request bodies. */
    static ByteBuffer bytes(String text) {
        return ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}

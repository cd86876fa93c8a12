package org.quicfiles.endpoints.files.internal;

import java.io.IOException;
import java.util.List;
import org.quicfiles.api.storage.BlobReader;
import org.quicfiles.api.storage.BlobStore;
import org.quicfiles.api.storage.BlobWriter;

/** Delegates to a store and runs a hook before each {@link #delete}, so tests can hold a deleter there. */
final class HookedBlobStore implements BlobStore {
    private final BlobStore delegate;
    private volatile Runnable beforeDelete = () -> { };

    HookedBlobStore(BlobStore delegate) {
        this.delegate = delegate;
    }

    void beforeDelete(Runnable hook) {
        this.beforeDelete = hook;
    }

    @Override
    public BlobWriter create() throws IOException {
        return delegate.create();
    }

    @Override
    public BlobReader open(String id) throws IOException {
        return delegate.open(id);
    }

    @Override
    public boolean exists(String id) throws IOException {
        return delegate.exists(id);
    }

    @Override
    public boolean delete(String id) throws IOException {
        beforeDelete.run();
        return delegate.delete(id);
    }

    @Override
    public List<String> ids() throws IOException {
        return delegate.ids();
    }

    @Override
    public List<String> leftovers() throws IOException {
        return delegate.leftovers();
    }

    @Override
    public int removeLeftovers() throws IOException {
        return delegate.removeLeftovers();
    }

    @Override
    public String describe() {
        return "hooked " + delegate.describe();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}

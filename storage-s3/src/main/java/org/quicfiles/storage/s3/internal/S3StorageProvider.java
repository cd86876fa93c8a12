package org.quicfiles.storage.s3.internal;

import java.io.IOException;
import java.util.Set;
import org.quicfiles.api.spi.StorageContext;
import org.quicfiles.api.spi.StorageProvider;
import org.quicfiles.api.storage.BlobStore;

/**
 * Blobs in an S3-compatible bucket. Never chosen by priority: an operator names it with
 * {@code storage.provider = s3} and sets at least {@code storage.s3.bucket}.
 */
public final class S3StorageProvider implements StorageProvider {
    /** For {@link java.util.ServiceLoader}. */
    public S3StorageProvider() {
    }

    @Override
    public String name() {
        return "s3";
    }

    /** Always: whether the bucket is reachable is checked when the store opens, with a clear error. */
    @Override
    public boolean isUsable() {
        return true;
    }

    /** Below the local providers: an object store is used only when named. */
    @Override
    public int priority() {
        return -100;
    }

    @Override
    public BlobStore open(StorageContext context) throws IOException {
        return S3BlobStore.open(S3Settings.from(context.config()), context.logger());
    }

    @Override
    public Set<String> configKeys() {
        return S3Settings.KEYS;
    }
}
